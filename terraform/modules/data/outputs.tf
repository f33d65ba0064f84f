output "postgres_endpoint" {
  description = "host:port of the RDS instance."
  value       = aws_db_instance.postgres.endpoint
}

output "postgres_url_secret_arn" {
  description = "The Secrets Manager secret holding POSTGRES_URL."
  value       = aws_secretsmanager_secret.postgres_url.arn
}

output "redis_endpoint" {
  description = "host:port of the Redis primary (TLS)."
  value       = "${aws_elasticache_replication_group.redis.primary_endpoint_address}:${aws_elasticache_replication_group.redis.port}"
}

output "opensearch_url" {
  description = "The OpenSearch endpoint as ELASTICSEARCH_URL."
  value       = "https://${aws_opensearch_domain.this.endpoint}"
}

output "opensearch_dashboards_url" {
  description = "OpenSearch Dashboards (reachable from inside the VPC)."
  value       = "https://${aws_opensearch_domain.this.dashboard_endpoint}"
}
