# Amazon MQ for RabbitMQ, private. Amazon MQ encrypts a RabbitMQ broker's storage at rest with a
# key it owns (customer keys are offered for ActiveMQ only) and accepts AMQP over TLS only (5671).

resource "aws_cloudwatch_log_resource_policy" "rabbitmq" {
  policy_name = "${var.name}-amazon-mq"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "mq.amazonaws.com" }
      Action    = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
      Resource  = "arn:aws:logs:*:*:log-group:/aws/amazonmq/*"
    }]
  })
}

resource "aws_mq_broker" "rabbitmq" {
  #checkov:skip=CKV_AWS_209:Amazon MQ for RabbitMQ supports only its AWS-owned key for encryption at rest; customer keys are an ActiveMQ option.
  broker_name                = "${var.name}-rabbitmq"
  engine_type                = "RabbitMQ"
  engine_version             = var.rabbitmq.engine_version
  host_instance_type         = var.rabbitmq.instance_type
  deployment_mode            = var.rabbitmq.deployment_mode
  subnet_ids                 = var.rabbitmq.deployment_mode == "SINGLE_INSTANCE" ? [var.subnet_ids[0]] : var.subnet_ids
  security_groups            = [var.security_group_ids["rabbitmq"]]
  publicly_accessible        = false
  auto_minor_version_upgrade = true
  apply_immediately          = false

  user {
    username = var.rabbitmq.username
    password = var.rabbitmq_password
  }

  logs {
    general = true
  }

  maintenance_window_start_time {
    day_of_week = "SUNDAY"
    time_of_day = "03:00"
    time_zone   = "UTC"
  }

  depends_on = [aws_cloudwatch_log_resource_policy.rabbitmq]
}

locals {
  # amqps://b-….mq.REGION.amazonaws.com:5671 → b-….mq.REGION.amazonaws.com:5671
  rabbitmq_tls_endpoint = trimprefix(aws_mq_broker.rabbitmq.instances[0].endpoints[0], "amqps://")
}

# AMQP_URL as the services read it: plain AMQP to their local TLS tunnel, the broker's user and
# password, the default virtual host.
resource "aws_secretsmanager_secret" "amqp_url" {
  #checkov:skip=CKV2_AWS_57:Rotated by Terraform (bump secrets_version with a new password), not by a rotation Lambda: ECS reads secrets only when a task starts, so a password changed under running tasks would break their next connection.
  name                    = "${var.name}/AMQP_URL"
  description             = "AMQP_URL of the services that use RabbitMQ"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "amqp_url" {
  secret_id                = aws_secretsmanager_secret.amqp_url.id
  secret_string_wo         = "amqp://${urlencode(var.rabbitmq.username)}:${urlencode(var.rabbitmq_password)}@${var.amqp_client_endpoint}/%2f"
  secret_string_wo_version = var.secrets_version
}
