output "service_urls" {
  description = "The listeners moto created (moto runs no load balancer: nothing answers there)."
  value       = module.loadbalancer.urls
}

output "ecs_service_names" {
  description = "The ECS services."
  value       = module.services.service_names
}

output "task_definition_arns" {
  description = "The task definitions."
  value       = module.services.task_definition_arns
}

output "ecr_repository_urls" {
  description = "The ECR repositories."
  value       = module.services.ecr_repository_urls
}

output "bucket_names" {
  description = "The data buckets."
  value       = module.storage.bucket_names
}

output "vpc_id" {
  description = "The VPC."
  value       = module.network.vpc_id
}
