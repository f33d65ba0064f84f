# The six services as the code defines them: ports, which ones serve HTTP to the outside, what each
# one connects to, and the RabbitMQ work queue each worker consumes. One place, read by every other
# module, so that a port or a dependency changes here and nowhere else.
#
# Sources (keep in step): services/*/Sources/*Core/Config/*Config.swift and the README's
# "Configuration" tables. Ports are the services' defaults (HTTP_PORT); `public_http` services get
# an ALB listener; `queue` is the queue whose depth scales the service.

locals {
  services = {
    "csv-producer" = {
      # A command line (publish FILE, check): no port, no ECS service, a task definition for run-task.
      port         = null
      long_running = false
      public_http  = false
      uses         = ["rabbitmq"]
      queue        = null
      command      = ["check"]
      environment  = {}
    }
    "user-consumer" = {
      port         = 8081
      long_running = true
      public_http  = true
      uses         = ["postgres", "redis", "rabbitmq"]
      queue        = "users.ingest"
      command      = null
      environment = {
        ROLE                 = "all"
        USER_INGEST_EXCHANGE = "users"
        USER_INGEST_QUEUE    = "users.ingest"
      }
    }
    "user-api" = {
      port         = 8082
      long_running = true
      public_http  = true
      uses         = ["postgres", "redis", "kafka", "opensearch"]
      queue        = null
      command      = null
      environment  = {}
    }
    "log-api" = {
      port         = 8083
      long_running = true
      public_http  = true
      uses         = ["rabbitmq"]
      queue        = null
      command      = null
      environment = {
        LOG_INGEST_EXCHANGE = "logs"
        LOG_INGEST_QUEUE    = "logs.ingest"
      }
    }
    "log-worker" = {
      # HTTP only for /health and /metrics, reached inside the VPC: no listener on the ALB.
      port         = 8084
      long_running = true
      public_http  = false
      uses         = ["postgres", "redis", "rabbitmq"]
      queue        = "logs.ingest"
      command      = null
      environment = {
        LOG_INGEST_EXCHANGE = "logs"
        LOG_INGEST_QUEUE    = "logs.ingest"
      }
    }
    "query-service" = {
      port         = 8085
      long_running = true
      public_http  = true
      uses         = ["postgres", "redis"]
      queue        = null
      command      = null
      environment  = {}
    }
  }

  # The servers the services use, each with the port its clients connect to on AWS. RabbitMQ is
  # 5671: Amazon MQ speaks AMQP over TLS only (the services reach it through a local TLS tunnel,
  # see modules/services). Kafka is MSK's plaintext listener (the services' librdkafka
  # configuration has no TLS settings yet).
  dependencies = {
    postgres   = { port = 5432 }
    redis      = { port = 6379 }
    rabbitmq   = { port = 5671 }
    kafka      = { port = 9092 }
    opensearch = { port = 443 }
  }
}

output "services" {
  description = "Every service: port (null for the CLI), long_running (gets an ECS service), public_http (gets an ALB listener), uses (its dependencies), queue (scales on its depth), command, environment (fixed variables)."
  value       = local.services
}

output "dependencies" {
  description = "Every server the services use, with the port clients connect to."
  value       = local.dependencies
}

output "clients" {
  description = "For each dependency, the services that connect to it."
  value = {
    for dependency in keys(local.dependencies) : dependency => sort([
      for name, service in local.services : name if contains(service.uses, dependency)
    ])
  }
}
