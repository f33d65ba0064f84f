# What runs in each task: the service's container with the environment variables it reads
# (services/*/Sources/*Core/Config/*Config.swift), and a TLS tunnel per server the service's client
# cannot reach in plain TCP.
#
# The tunnels: Amazon MQ accepts AMQP over TLS only and ElastiCache has encryption in transit on,
# while the services' AMQP and Redis clients speak plain TCP (AMQP_URL takes amqp://, REDIS_URL
# redis://). A socat sidecar listens on 127.0.0.1 (tasks share their network namespace) and opens
# a verified TLS connection to the server for each connection it accepts.

data "aws_region" "current" {}

locals {
  tunnels = {
    rabbitmq = { listen = 5672, target = var.connections.rabbitmq_tls_endpoint }
    redis    = { listen = 6379, target = var.connections.redis_tls_endpoint }
  }

  # USER_EMAIL_KEY is user-consumer's own secret; POSTGRES_URL and AMQP_URL belong to whoever
  # uses the server.
  secrets = {
    for name, service in var.catalog : name => merge(
      contains(service.uses, "postgres") ? { POSTGRES_URL = var.connections.postgres_url_secret_arn } : {},
      contains(service.uses, "rabbitmq") ? { AMQP_URL = var.connections.amqp_url_secret_arn } : {},
      name == "user-consumer" ? { USER_EMAIL_KEY = aws_secretsmanager_secret.user_email_key.arn } : {},
    )
  }

  environment = {
    for name, service in var.catalog : name => merge(
      { LOG_LEVEL = var.log_level, LOG_FORMAT = "json" },
      service.port == null ? {} : { HTTP_HOST = "0.0.0.0", HTTP_PORT = tostring(service.port) },
      contains(service.uses, "redis") ? { REDIS_URL = "redis://127.0.0.1:${local.tunnels.redis.listen}" } : {},
      contains(service.uses, "kafka") ? { KAFKA_BROKERS = var.connections.kafka_bootstrap_brokers } : {},
      contains(service.uses, "opensearch") ? { ELASTICSEARCH_URL = var.connections.opensearch_url } : {},
      # ServiceKit's S3Config names; credentials come from the task role, not from variables.
      contains(keys(var.buckets), name) ? {
        S3_BUCKET   = var.buckets[name].name
        S3_REGION   = data.aws_region.current.name
        S3_ENDPOINT = "https://s3.${data.aws_region.current.name}.amazonaws.com"
      } : {},
      service.environment,
      var.settings[name].environment,
    )
  }

  # /health/live: the process answers. ECS replaces a task that stops answering; readiness
  # (/health/ready) is the load balancer's business, so an outage of a dependency does not make
  # ECS kill every task. Plain bash, as the runtime image has no curl (docker-compose does the same).
  health_check = {
    for name, service in var.catalog : name => service.port == null ? null : {
      command = [
        "CMD", "bash", "-c",
        "exec 3<>/dev/tcp/127.0.0.1/${service.port} && printf 'GET /health/live HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r -t 2 status <&3 && [[ $status == *' 200 '* ]]",
      ]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }
  }

  tunnel_containers = {
    for name, service in var.catalog : name => [
      for dependency in sort(keys(local.tunnels)) : {
        name      = "tls-${dependency}"
        image     = var.tls_tunnel_image
        essential = true
        command = [
          "TCP-LISTEN:${local.tunnels[dependency].listen},bind=127.0.0.1,fork,reuseaddr",
          "OPENSSL:${local.tunnels[dependency].target},verify=1,cafile=/etc/ssl/certs/ca-certificates.crt",
        ]
        user                   = "65534"
        readonlyRootFilesystem = true
        memoryReservation      = 32
        logConfiguration = {
          logDriver = "awslogs"
          options = {
            awslogs-group         = aws_cloudwatch_log_group.service[name].name
            awslogs-region        = data.aws_region.current.name
            awslogs-stream-prefix = "tls-${dependency}"
          }
        }
      } if contains(service.uses, dependency)
    ]
  }

  app_container = {
    for name, service in var.catalog : name => merge(
      {
        name                   = name
        image                  = "${aws_ecr_repository.service[name].repository_url}:${var.image_tag}"
        essential              = true
        readonlyRootFilesystem = true
        stopTimeout            = 30 # SIGTERM, then in-flight work finishes (README "Configuration")
        environment            = [for key in sort(keys(local.environment[name])) : { name = key, value = local.environment[name][key] }]
        secrets                = [for key in sort(keys(local.secrets[name])) : { name = key, valueFrom = local.secrets[name][key] }]
        portMappings           = service.port == null ? [] : [{ containerPort = service.port, protocol = "tcp" }]
        dependsOn              = [for tunnel in local.tunnel_containers[name] : { containerName = tunnel.name, condition = "START" }]
        logConfiguration = {
          logDriver = "awslogs"
          options = {
            awslogs-group         = aws_cloudwatch_log_group.service[name].name
            awslogs-region        = data.aws_region.current.name
            awslogs-stream-prefix = name
          }
        }
      },
      service.command == null ? {} : { command = service.command },
      local.health_check[name] == null ? {} : { healthCheck = local.health_check[name] },
    )
  }
}
