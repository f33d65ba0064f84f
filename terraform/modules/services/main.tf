# The ECS Fargate cluster, one task definition per service, and one ECS service per long-running
# service (csv-producer is a command line: it has a task definition, started with `aws ecs
# run-task`, see the output csv_producer_run_task).

locals {
  long_running = { for name, service in var.catalog : name => service if service.long_running }
}

resource "aws_ecs_cluster" "this" {
  name = var.name
  setting {
    name  = "containerInsights"
    value = "enabled" # also the RunningTaskCount metric the queue-depth scaling divides by
  }
}

resource "aws_cloudwatch_log_group" "service" {
  for_each          = var.catalog
  name              = "/tributary/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_secretsmanager_secret" "user_email_key" {
  #checkov:skip=CKV2_AWS_57:Must never change while rows exist (it decrypts the stored e-mail addresses); changing it needs a re-encryption of the table, not a rotation.
  name                    = "${var.name}/USER_EMAIL_KEY"
  description             = "user-consumer's AES-256-GCM key for stored e-mail addresses; never change it while rows exist"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "user_email_key" {
  secret_id                = aws_secretsmanager_secret.user_email_key.id
  secret_string_wo         = var.user_email_key
  secret_string_wo_version = var.user_email_key_version
}

resource "aws_ecs_task_definition" "service" {
  for_each                 = var.catalog
  family                   = "${var.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.settings[each.key].cpu)
  memory                   = tostring(var.settings[each.key].memory)
  execution_role_arn       = aws_iam_role.execution[each.key].arn
  task_role_arn            = aws_iam_role.task[each.key].arn
  container_definitions    = jsonencode(concat([local.app_container[each.key]], local.tunnel_containers[each.key]))

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }
}

resource "aws_ecs_service" "service" {
  for_each                           = local.long_running
  name                               = each.key
  cluster                            = aws_ecs_cluster.this.arn
  task_definition                    = aws_ecs_task_definition.service[each.key].arn
  desired_count                      = var.settings[each.key].desired_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  propagate_tags                     = "SERVICE"
  enable_ecs_managed_tags            = true
  health_check_grace_period_seconds  = each.value.public_http ? 60 : null

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [var.security_group_ids[each.key]]
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = each.value.public_http ? [var.target_group_arns[each.key]] : []
    content {
      target_group_arn = load_balancer.value
      container_name   = each.key
      container_port   = each.value.port
    }
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # desired_count is where a service starts; autoscaling moves it between min_count and max_count
  # afterwards, and Terraform must not reset it on the next apply.
  lifecycle {
    ignore_changes = [desired_count]
  }
}
