# ElastiCache Redis: a primary and a replica in different zones with automatic failover,
# encrypted at rest and in transit. The services' Redis client speaks plain RESP (REDIS_URL
# accepts only redis://), so each task reaches Redis through its own TLS tunnel on 127.0.0.1:6379
# (modules/services).

resource "aws_elasticache_subnet_group" "redis" {
  name       = "${var.name}-redis"
  subnet_ids = var.subnet_ids
}

resource "aws_cloudwatch_log_group" "redis" {
  name              = "/tributary/${var.name}/redis-slow-log"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_elasticache_replication_group" "redis" {
  #checkov:skip=CKV_AWS_31:The services' Redis client sends no AUTH (REDIS_URL carries host and port only); access is limited by security group to the services that use Redis, and traffic is TLS.
  replication_group_id = "${var.name}-redis"
  description          = "Tributary cache and pub/sub"
  engine               = "redis"
  engine_version       = var.redis.engine_version
  node_type            = var.redis.node_type
  num_cache_clusters   = var.redis.nodes
  port                 = 6379

  subnet_group_name          = aws_elasticache_subnet_group.redis.name
  security_group_ids         = [var.security_group_ids["redis"]]
  automatic_failover_enabled = true
  multi_az_enabled           = true

  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = true

  snapshot_retention_limit   = var.redis.snapshot_retention_days
  auto_minor_version_upgrade = true
  apply_immediately          = false

  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.redis.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }
}
