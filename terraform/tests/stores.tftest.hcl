# The data stores, brokers and buckets: private, and encrypted at rest.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name               = "tributary-test"
  subnet_ids         = ["subnet-a", "subnet-b"]
  kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  log_retention_days = 365
  secrets_version    = 1
  security_group_ids = {
    postgres = "sg-pg", redis = "sg-redis", opensearch = "sg-os", rabbitmq = "sg-mq", kafka = "sg-kafka"
  }
}

run "data" {
  module {
    source = "./modules/data"
  }
  variables {
    deletion_protection = true
    postgres            = {}
    redis               = {}
    opensearch          = {}
    #checkov:skip=CKV_SECRET_6:Test fixtures for a mocked provider, not credentials.
    db_password = "test-only-password"
  }

  assert {
    condition     = aws_db_instance.postgres.publicly_accessible == false
    error_message = "the database is never publicly accessible"
  }

  assert {
    condition     = aws_db_instance.postgres.storage_encrypted && aws_db_instance.postgres.kms_key_id == var.kms_key_arn
    error_message = "RDS storage is encrypted with the deployment's key"
  }

  assert {
    condition     = aws_db_instance.postgres.multi_az && aws_db_instance.postgres.deletion_protection && !aws_db_instance.postgres.skip_final_snapshot
    error_message = "RDS: Multi-AZ, deletion protection, a final snapshot"
  }

  assert {
    condition     = aws_db_instance.postgres.vpc_security_group_ids == toset(["sg-pg"])
    error_message = "RDS is reached only through the postgres security group"
  }

  assert {
    condition     = aws_db_instance.postgres.password_wo_version == 1
    error_message = "the password is write-only, sent again when secrets_version changes"
  }

  assert {
    condition     = aws_elasticache_replication_group.redis.at_rest_encryption_enabled == "true" && aws_elasticache_replication_group.redis.transit_encryption_enabled && aws_elasticache_replication_group.redis.kms_key_id == var.kms_key_arn
    error_message = "ElastiCache is encrypted at rest (with the deployment's key) and in transit"
  }

  assert {
    condition     = aws_elasticache_replication_group.redis.automatic_failover_enabled && aws_elasticache_replication_group.redis.multi_az_enabled
    error_message = "Redis fails over to a replica in another zone"
  }

  assert {
    condition     = aws_opensearch_domain.this.encrypt_at_rest[0].enabled && aws_opensearch_domain.this.encrypt_at_rest[0].kms_key_id == var.kms_key_arn
    error_message = "OpenSearch is encrypted at rest with the deployment's key"
  }

  assert {
    condition     = aws_opensearch_domain.this.node_to_node_encryption[0].enabled && aws_opensearch_domain.this.domain_endpoint_options[0].enforce_https
    error_message = "OpenSearch encrypts between nodes and answers HTTPS only"
  }

  assert {
    condition     = length(aws_opensearch_domain.this.vpc_options[0].subnet_ids) == 2
    error_message = "OpenSearch lives in the private subnets (a VPC domain, no public endpoint)"
  }

  assert {
    condition     = aws_secretsmanager_secret.postgres_url.kms_key_id == var.kms_key_arn
    error_message = "the POSTGRES_URL secret is encrypted with the deployment's key"
  }
}

run "messaging" {
  module {
    source = "./modules/messaging"
  }
  variables {
    rabbitmq          = {}
    kafka             = {}
    rabbitmq_password = "test-only-password"
  }

  assert {
    condition     = aws_mq_broker.rabbitmq.publicly_accessible == false && aws_mq_broker.rabbitmq.engine_type == "RabbitMQ"
    error_message = "Amazon MQ for RabbitMQ, not publicly accessible"
  }

  # Amazon MQ always encrypts a RabbitMQ broker's storage, with a key it owns: there is no
  # setting to assert. What can be asserted is that the broker spans the zones.
  assert {
    condition     = aws_mq_broker.rabbitmq.deployment_mode == "CLUSTER_MULTI_AZ" && length(aws_mq_broker.rabbitmq.subnet_ids) == 2
    error_message = "the broker is a cluster over the zones"
  }

  assert {
    condition     = aws_msk_cluster.kafka.encryption_info[0].encryption_at_rest_kms_key_arn == var.kms_key_arn
    error_message = "MSK storage is encrypted with the deployment's key"
  }

  assert {
    condition     = aws_msk_cluster.kafka.encryption_info[0].encryption_in_transit[0].in_cluster
    error_message = "MSK brokers encrypt traffic between themselves"
  }

  assert {
    condition     = aws_msk_cluster.kafka.broker_node_group_info[0].connectivity_info[0].public_access[0].type == "DISABLED"
    error_message = "MSK has no public access"
  }

  assert {
    condition     = aws_msk_cluster.kafka.number_of_broker_nodes == 2
    error_message = "one broker per zone"
  }

  assert {
    condition     = output.rabbitmq_tls_endpoint == "b-1.mq.eu-west-1.amazonaws.com:5671"
    error_message = "the tunnel's target is the broker's AMQPS host:port"
  }

  assert {
    condition     = aws_secretsmanager_secret.amqp_url.kms_key_id == var.kms_key_arn
    error_message = "the AMQP_URL secret is encrypted with the deployment's key"
  }
}

run "storage" {
  module {
    source = "./modules/storage"
  }
  variables {
    name    = "tributary-test-123456789012"
    buckets = ["uploads", "etl-output"]
  }

  assert {
    condition     = toset(keys(aws_s3_bucket.this)) == toset(["uploads", "etl-output", "logs"])
    error_message = "the uploads and etl-output buckets, and the access-log bucket"
  }

  assert {
    condition = alltrue([
      for key in ["uploads", "etl-output"] :
      one(one(aws_s3_bucket_server_side_encryption_configuration.data[key].rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
      && one(one(aws_s3_bucket_server_side_encryption_configuration.data[key].rule).apply_server_side_encryption_by_default).kms_master_key_id == var.kms_key_arn
    ])
    error_message = "the data buckets are encrypted with the deployment's key"
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.logs.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "the log bucket is encrypted (SSE-S3: what log delivery accepts)"
  }

  assert {
    condition = alltrue([for block in aws_s3_bucket_public_access_block.this :
    block.block_public_acls && block.block_public_policy && block.ignore_public_acls && block.restrict_public_buckets])
    error_message = "no bucket can be made public"
  }

  assert {
    condition     = alltrue([for versioning in aws_s3_bucket_versioning.this : versioning.versioning_configuration[0].status == "Enabled"])
    error_message = "every bucket is versioned"
  }

  assert {
    condition     = alltrue([for policy in aws_s3_bucket_policy.data : jsondecode(policy.policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false"])
    error_message = "the data buckets refuse requests without TLS"
  }
}
