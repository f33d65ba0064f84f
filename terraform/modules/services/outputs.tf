output "cluster_name" {
  description = "The ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "service_names" {
  description = "The ECS services, by service name (the long-running five)."
  value       = { for name, service in aws_ecs_service.service : name => service.name }
}

output "task_definition_arns" {
  description = "Every service's task definition, by service name (csv-producer's included)."
  value       = { for name, definition in aws_ecs_task_definition.service : name => definition.arn }
}

output "ecr_repository_urls" {
  description = "Where to push each service's image, by service name."
  value       = { for name, repository in aws_ecr_repository.service : name => repository.repository_url }
}

output "log_group_names" {
  description = "Each service's CloudWatch log group."
  value       = { for name, group in aws_cloudwatch_log_group.service : name => group.name }
}

output "user_email_key_secret_arn" {
  description = "The Secrets Manager secret holding USER_EMAIL_KEY."
  value       = aws_secretsmanager_secret.user_email_key.arn
}

output "csv_producer_run_task" {
  description = "The command that runs csv-producer once (`check` by default; change the command in the overrides)."
  value = join(" ", [
    "aws ecs run-task --cluster ${aws_ecs_cluster.this.name} --launch-type FARGATE",
    "--task-definition ${aws_ecs_task_definition.service["csv-producer"].family}",
    "--network-configuration 'awsvpcConfiguration={subnets=[${join(",", var.subnet_ids)}],securityGroups=[${var.security_group_ids["csv-producer"]}],assignPublicIp=DISABLED}'",
    "--overrides '{\"containerOverrides\":[{\"name\":\"csv-producer\",\"command\":[\"check\"]}]}'",
  ])
}
