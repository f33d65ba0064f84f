output "rabbitmq_broker_name" {
  description = "The Amazon MQ broker's name (the Broker dimension of its CloudWatch metrics)."
  value       = aws_mq_broker.rabbitmq.broker_name
}

output "rabbitmq_tls_endpoint" {
  description = "host:port of the broker's AMQPS listener: the target of the services' TLS tunnel."
  value       = local.rabbitmq_tls_endpoint
}

output "rabbitmq_console_url" {
  description = "The RabbitMQ management console (reachable from inside the VPC)."
  value       = aws_mq_broker.rabbitmq.instances[0].console_url
}

output "amqp_url_secret_arn" {
  description = "The Secrets Manager secret holding AMQP_URL."
  value       = aws_secretsmanager_secret.amqp_url.arn
}

output "kafka_bootstrap_brokers" {
  description = "KAFKA_BROKERS: the plaintext bootstrap brokers, comma-separated host:port."
  value       = aws_msk_cluster.kafka.bootstrap_brokers
}

output "kafka_bootstrap_brokers_tls" {
  description = "The TLS bootstrap brokers, for clients that speak TLS."
  value       = aws_msk_cluster.kafka.bootstrap_brokers_tls
}
