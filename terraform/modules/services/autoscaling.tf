# Every long-running service scales on CPU. The two queue workers (user-consumer on users.ingest,
# log-worker on logs.ingest) also scale on their backlog: the queue's ready messages in Amazon MQ
# divided by the service's running tasks, held at settings.queue_backlog_per_task. ECS scales out
# when either policy asks and in only when both agree.

resource "aws_appautoscaling_target" "service" {
  for_each           = var.enable_autoscaling ? local.long_running : {}
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.service[each.key].name}"
  min_capacity       = var.settings[each.key].min_count
  max_capacity       = var.settings[each.key].max_count
}

resource "aws_appautoscaling_policy" "cpu" {
  for_each           = aws_appautoscaling_target.service
  name               = "${each.key}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = each.value.service_namespace
  scalable_dimension = each.value.scalable_dimension
  resource_id        = each.value.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "queue_backlog" {
  for_each           = { for name, service in local.long_running : name => service if service.queue != null && var.enable_autoscaling }
  name               = "${each.key}-queue-backlog"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.service[each.key].service_namespace
  scalable_dimension = aws_appautoscaling_target.service[each.key].scalable_dimension
  resource_id        = aws_appautoscaling_target.service[each.key].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.settings[each.key].queue_backlog_per_task
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    customized_metric_specification {
      metrics {
        id          = "ready"
        label       = "ready messages in ${each.value.queue}"
        return_data = false
        metric_stat {
          stat = "Average"
          metric {
            namespace   = "AWS/AmazonMQ"
            metric_name = "MessageReadyCount"
            dimensions {
              name  = "Broker"
              value = var.connections.rabbitmq_broker_name
            }
            dimensions {
              name  = "VirtualHost"
              value = "/"
            }
            dimensions {
              name  = "Queue"
              value = each.value.queue
            }
          }
        }
      }

      metrics {
        id          = "tasks"
        label       = "running tasks of ${each.key}"
        return_data = false
        metric_stat {
          stat = "Average"
          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"
            dimensions {
              name  = "ClusterName"
              value = aws_ecs_cluster.this.name
            }
            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.service[each.key].name
            }
          }
        }
      }

      metrics {
        id          = "backlog_per_task"
        label       = "ready messages per task"
        expression  = "ready / FILL(tasks, 1)"
        return_data = true
      }
    }
  }
}
