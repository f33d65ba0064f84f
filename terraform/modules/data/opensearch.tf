# OpenSearch in the private subnets: user-api's ELASTICSEARCH_URL. HTTPS only (TLS 1.2+),
# encrypted at rest and between nodes, one node per zone.
#
# user-api's client sends unsigned requests without credentials, so the domain policy lets any
# principal call the HTTP API and the network decides: the domain has no public endpoint and its
# security group admits only user-api.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  opensearch_domain = substr("${var.name}-search", 0, 28)
  opensearch_zones  = min(length(var.subnet_ids), var.opensearch.instance_count)
}

resource "aws_cloudwatch_log_group" "opensearch" {
  for_each          = toset(["application", "index-slow", "search-slow"])
  name              = "/tributary/${var.name}/opensearch-${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_cloudwatch_log_resource_policy" "opensearch" {
  policy_name = "${var.name}-opensearch"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "es.amazonaws.com" }
      Action    = ["logs:PutLogEvents", "logs:CreateLogStream"]
      Resource  = [for group in aws_cloudwatch_log_group.opensearch : "${group.arn}:*"]
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
}

resource "aws_opensearch_domain" "this" {
  #checkov:skip=CKV2_AWS_59:Dedicated masters are a size decision (instance_count >= 3); the default is two data nodes.
  #checkov:skip=CKV_AWS_318:High availability as above: two data nodes in two zones, no dedicated masters by default.
  #checkov:skip=CKV_AWS_317:Audit logs need fine-grained access control, which user-api's unsigned client cannot use (see the comment above).
  #checkov:skip=CKV2_AWS_52:Fine-grained access control needs signed or authenticated requests, which user-api's client does not send; the domain is VPC-only and its security group admits only user-api.
  domain_name    = local.opensearch_domain
  engine_version = var.opensearch.engine_version

  cluster_config {
    instance_type          = var.opensearch.instance_type
    instance_count         = var.opensearch.instance_count
    zone_awareness_enabled = local.opensearch_zones > 1
    dynamic "zone_awareness_config" {
      for_each = local.opensearch_zones > 1 ? [1] : []
      content {
        availability_zone_count = local.opensearch_zones
      }
    }
  }

  vpc_options {
    subnet_ids         = slice(var.subnet_ids, 0, local.opensearch_zones)
    security_group_ids = [var.security_group_ids["opensearch"]]
  }

  ebs_options {
    ebs_enabled = true
    volume_type = "gp3"
    volume_size = var.opensearch.volume_size
  }

  encrypt_at_rest {
    enabled    = true
    kms_key_id = var.kms_key_arn
  }

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }

  log_publishing_options {
    log_type                 = "ES_APPLICATION_LOGS"
    cloudwatch_log_group_arn = aws_cloudwatch_log_group.opensearch["application"].arn
  }

  log_publishing_options {
    log_type                 = "INDEX_SLOW_LOGS"
    cloudwatch_log_group_arn = aws_cloudwatch_log_group.opensearch["index-slow"].arn
  }

  log_publishing_options {
    log_type                 = "SEARCH_SLOW_LOGS"
    cloudwatch_log_group_arn = aws_cloudwatch_log_group.opensearch["search-slow"].arn
  }

  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"]
      Resource  = "arn:aws:es:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:domain/${local.opensearch_domain}/*"
    }]
  })

  depends_on = [aws_cloudwatch_log_resource_policy.opensearch]
}
