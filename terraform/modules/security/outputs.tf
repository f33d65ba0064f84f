output "kms_key_arn" {
  description = "The key that encrypts data at rest."
  value       = aws_kms_key.this.arn
}

output "alb_security_group_id" {
  description = "The load balancer's group."
  value       = aws_security_group.alb.id
}

output "service_security_group_ids" {
  description = "Each service's group, by service name."
  value       = { for name, group in aws_security_group.service : name => group.id }
}

output "dependency_security_group_ids" {
  description = "Each data store's group, by dependency name (postgres, redis, rabbitmq, kafka, opensearch)."
  value       = { for name, group in aws_security_group.dependency : name => group.id }
}
