output "service_urls" {
  description = "Each HTTP service's base URL on the load balancer (user-consumer, user-api, log-api, query-service)."
  value       = module.loadbalancer.urls
}

output "load_balancer_dns_name" {
  description = "The load balancer's DNS name (point a CNAME at it)."
  value       = module.loadbalancer.dns_name
}

output "ecr_repository_urls" {
  description = "Where to push each service's image: docker push URL:IMAGE_TAG."
  value       = module.services.ecr_repository_urls
}

output "ecs_cluster_name" {
  description = "The ECS cluster."
  value       = module.services.cluster_name
}

output "ecs_service_names" {
  description = "The ECS services of the long-running services."
  value       = module.services.service_names
}

output "csv_producer_run_task" {
  description = "Runs csv-producer once on Fargate."
  value       = module.services.csv_producer_run_task
}

output "log_group_names" {
  description = "Each service's CloudWatch log group."
  value       = module.services.log_group_names
}

output "postgres_endpoint" {
  description = "RDS PostgreSQL, host:port (private)."
  value       = module.data.postgres_endpoint
}

output "redis_endpoint" {
  description = "ElastiCache Redis primary, host:port, TLS (private)."
  value       = module.data.redis_endpoint
}

output "opensearch_url" {
  description = "OpenSearch, the services' ELASTICSEARCH_URL (private)."
  value       = module.data.opensearch_url
}

output "opensearch_dashboards_url" {
  description = "OpenSearch Dashboards (from inside the VPC)."
  value       = module.data.opensearch_dashboards_url
}

output "rabbitmq_endpoint" {
  description = "Amazon MQ's AMQPS listener, host:port (private)."
  value       = module.messaging.rabbitmq_tls_endpoint
}

output "rabbitmq_console_url" {
  description = "The RabbitMQ management console (from inside the VPC)."
  value       = module.messaging.rabbitmq_console_url
}

output "kafka_bootstrap_brokers" {
  description = "MSK plaintext bootstrap brokers (the services' KAFKA_BROKERS)."
  value       = module.messaging.kafka_bootstrap_brokers
}

output "kafka_bootstrap_brokers_tls" {
  description = "MSK TLS bootstrap brokers."
  value       = module.messaging.kafka_bootstrap_brokers_tls
}

output "bucket_names" {
  description = "The data buckets: uploads, etl-output."
  value       = module.storage.bucket_names
}

output "logs_bucket_name" {
  description = "The access-log bucket."
  value       = module.storage.logs_bucket_name
}

output "secret_arns" {
  description = "The Secrets Manager secrets the tasks read."
  value = {
    POSTGRES_URL   = module.data.postgres_url_secret_arn
    AMQP_URL       = module.messaging.amqp_url_secret_arn
    USER_EMAIL_KEY = module.services.user_email_key_secret_arn
  }
}

output "vpc_id" {
  description = "The VPC."
  value       = module.network.vpc_id
}

output "kms_key_arn" {
  description = "The key encrypting data at rest."
  value       = module.security.kms_key_arn
}
