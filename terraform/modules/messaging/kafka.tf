# MSK: brokers spread over the zones, storage encrypted with the deployment's key, TLS between
# brokers. Clients get two listeners: TLS (9094) and plaintext (9092). The services use the
# plaintext one: KAFKA_BROKERS is a plain host list and the Kafka client configuration in
# shared/platform sets no security.protocol yet. Drop PLAINTEXT (client_broker = "TLS") once it does.

resource "aws_cloudwatch_log_group" "kafka" {
  name              = "/tributary/${var.name}/msk-brokers"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_msk_configuration" "kafka" {
  name           = "${var.name}-kafka"
  kafka_versions = [var.kafka.version]
  # As docker-compose's broker: topics appear on first use, three partitions each; replicated to
  # two brokers (one is enough to write while the other restarts).
  server_properties = <<-PROPERTIES
    auto.create.topics.enable = true
    num.partitions = 3
    default.replication.factor = ${min(3, length(var.subnet_ids) * var.kafka.brokers_per_zone)}
    min.insync.replicas = 1
  PROPERTIES
}

resource "aws_msk_cluster" "kafka" {
  #checkov:skip=CKV_AWS_81:Clients may use plaintext (9092) because the services' Kafka client has no TLS settings yet; brokers encrypt between themselves and at rest, and the security group admits only user-api.
  cluster_name           = "${var.name}-kafka"
  kafka_version          = var.kafka.version
  number_of_broker_nodes = length(var.subnet_ids) * var.kafka.brokers_per_zone

  broker_node_group_info {
    instance_type   = var.kafka.instance_type
    client_subnets  = var.subnet_ids
    security_groups = [var.security_group_ids["kafka"]]
    storage_info {
      ebs_storage_info {
        volume_size = var.kafka.volume_size
      }
    }
    connectivity_info {
      public_access {
        type = "DISABLED"
      }
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.kafka.arn
    revision = aws_msk_configuration.kafka.latest_revision
  }

  client_authentication {
    unauthenticated = true
  }

  encryption_info {
    encryption_at_rest_kms_key_arn = var.kms_key_arn
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT"
      in_cluster    = true
    }
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.kafka.name
      }
    }
  }
}
