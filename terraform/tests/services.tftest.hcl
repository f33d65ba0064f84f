# The services module alone (modules/services) with the catalog the root gives it: what ECS runs.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "catalog" {
  command = plan
  module {
    source = "./modules/catalog"
  }
}

variables {
  name             = "tributary-test"
  image_tag        = "abc123"
  cpu_architecture = "X86_64"
  subnet_ids       = ["subnet-a", "subnet-b"]
  security_group_ids = {
    "csv-producer" = "sg-csv", "user-consumer" = "sg-uc", "user-api" = "sg-ua",
    "log-api"      = "sg-la", "log-worker" = "sg-lw", "query-service" = "sg-qs",
  }
  target_group_arns = {
    "user-consumer" = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/uc/1"
    "user-api"      = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/ua/1"
    "log-api"       = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/la/1"
    "query-service" = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/qs/1"
  }
  kms_key_arn            = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  log_retention_days     = 365
  log_level              = "info"
  cpu_target_percent     = 60
  tls_tunnel_image       = "alpine/socat:1.8.0.0"
  user_email_key         = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
  user_email_key_version = 1
  connections = {
    postgres_url_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pg-AbCdEf"
    amqp_url_secret_arn     = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:amqp-AbCdEf"
    redis_tls_endpoint      = "master.redis.example:6379"
    rabbitmq_tls_endpoint   = "b-1.mq.eu-west-1.amazonaws.com:5671"
    rabbitmq_broker_name    = "tributary-test-rabbitmq"
    kafka_bootstrap_brokers = "b-1.kafka:9092,b-2.kafka:9092"
    opensearch_url          = "https://vpc-search.eu-west-1.es.amazonaws.com"
  }
  buckets = {
    "csv-producer" = { name = "bucket-etl-output", arn = "arn:aws:s3:::bucket-etl-output" }
    "user-api"     = { name = "bucket-uploads", arn = "arn:aws:s3:::bucket-uploads" }
  }
  # Every service at a different count, so that a count landing on the wrong service shows.
  settings = {
    "csv-producer"  = { desired_count = 0, min_count = 0, max_count = 0, cpu = 256, memory = 512, environment = {}, queue_backlog_per_task = null }
    "user-consumer" = { desired_count = 3, min_count = 2, max_count = 10, cpu = 512, memory = 1024, environment = {}, queue_backlog_per_task = 400 }
    "user-api"      = { desired_count = 4, min_count = 2, max_count = 6, cpu = 512, memory = 1024, environment = {}, queue_backlog_per_task = null }
    "log-api"       = { desired_count = 5, min_count = 2, max_count = 10, cpu = 1024, memory = 2048, environment = {}, queue_backlog_per_task = null }
    "log-worker"    = { desired_count = 6, min_count = 1, max_count = 12, cpu = 512, memory = 1024, environment = { LOG_WORKER_BATCH_SIZE = "500" }, queue_backlog_per_task = 700 }
    "query-service" = { desired_count = 7, min_count = 2, max_count = 8, cpu = 512, memory = 1024, environment = {}, queue_backlog_per_task = null }
  }
}

run "services" {
  module {
    source = "./modules/services"
  }
  variables {
    catalog = run.catalog.services
  }

  assert {
    condition     = toset(keys(aws_ecs_service.service)) == toset(["user-consumer", "user-api", "log-api", "log-worker", "query-service"])
    error_message = "one ECS service per long-running service; csv-producer (a command line) has none"
  }

  assert {
    condition     = toset(keys(aws_ecs_task_definition.service)) == toset(["csv-producer", "user-consumer", "user-api", "log-api", "log-worker", "query-service"])
    error_message = "one task definition per service, csv-producer's included"
  }

  assert {
    condition     = toset(keys(aws_ecr_repository.service)) == toset(keys(run.catalog.services))
    error_message = "one ECR repository per service"
  }

  assert {
    condition     = alltrue([for name, service in aws_ecs_service.service : service.desired_count == var.settings[name].desired_count])
    error_message = "each service's desired_count comes from its settings"
  }

  assert {
    condition     = aws_ecs_service.service["query-service"].desired_count == 7 && aws_ecs_service.service["log-worker"].desired_count == 6
    error_message = "desired counts: query-service 7, log-worker 6"
  }

  assert {
    condition = alltrue([for name, definition in aws_ecs_task_definition.service :
    definition.cpu == tostring(var.settings[name].cpu) && definition.memory == tostring(var.settings[name].memory)])
    error_message = "each task's CPU and memory come from its settings"
  }

  assert {
    condition     = alltrue([for service in aws_ecs_service.service : !service.network_configuration[0].assign_public_ip])
    error_message = "tasks get no public address"
  }

  assert {
    condition = alltrue([for name, service in aws_ecs_service.service :
      length(service.load_balancer) == (contains(["user-consumer", "user-api", "log-api", "query-service"], name) ? 1 : 0)
    ])
    error_message = "the four HTTP services sit behind the load balancer, log-worker does not"
  }

  assert {
    condition     = one(aws_ecs_service.service["user-api"].load_balancer).container_port == 8082
    error_message = "user-api's target is its container port 8082"
  }

  assert {
    condition     = alltrue([for target in aws_appautoscaling_target.service : target.min_capacity <= target.max_capacity])
    error_message = "autoscaling ranges are ordered"
  }

  assert {
    condition     = aws_appautoscaling_target.service["log-worker"].max_capacity == 12 && aws_appautoscaling_target.service["log-worker"].min_capacity == 1
    error_message = "the autoscaling range comes from the settings"
  }

  assert {
    condition     = toset(keys(aws_appautoscaling_policy.cpu)) == toset(keys(aws_ecs_service.service))
    error_message = "every ECS service scales on CPU"
  }

  assert {
    condition     = toset(keys(aws_appautoscaling_policy.queue_backlog)) == toset(["user-consumer", "log-worker"])
    error_message = "the two queue workers, and only they, scale on queue depth"
  }

  assert {
    condition = one([
      for metric in aws_appautoscaling_policy.queue_backlog["log-worker"].target_tracking_scaling_policy_configuration[0].customized_metric_specification[0].metrics :
      metric if metric.id == "ready"
      ]).metric_stat[0].metric[0].dimensions == toset([
      { name = "Broker", value = "tributary-test-rabbitmq" },
      { name = "VirtualHost", value = "/" },
      { name = "Queue", value = "logs.ingest" },
    ])
    error_message = "log-worker scales on the ready messages of logs.ingest in the broker"
  }

  assert {
    condition     = aws_appautoscaling_policy.queue_backlog["user-consumer"].target_tracking_scaling_policy_configuration[0].target_value == 400
    error_message = "the backlog target comes from the settings"
  }


  # The variables each service reads (services/*/Sources/*Core/Config), and no other.
  assert {
    condition = toset([for variable in jsondecode(aws_ecs_task_definition.service["user-consumer"].container_definitions)[0].environment : variable.name]) == toset([
      "HTTP_HOST", "HTTP_PORT", "LOG_LEVEL", "LOG_FORMAT", "REDIS_URL", "ROLE", "USER_INGEST_EXCHANGE", "USER_INGEST_QUEUE",
    ])
    error_message = "user-consumer's plain variables"
  }

  assert {
    condition = toset([for secret in jsondecode(aws_ecs_task_definition.service["user-consumer"].container_definitions)[0].secrets : secret.name]) == toset([
      "POSTGRES_URL", "AMQP_URL", "USER_EMAIL_KEY",
    ])
    error_message = "user-consumer's secrets: POSTGRES_URL, AMQP_URL, USER_EMAIL_KEY"
  }

  assert {
    condition = {
      for variable in jsondecode(aws_ecs_task_definition.service["user-api"].container_definitions)[0].environment : variable.name => variable.value
      } == {
      HTTP_HOST         = "0.0.0.0"
      HTTP_PORT         = "8082"
      LOG_LEVEL         = "info"
      LOG_FORMAT        = "json"
      REDIS_URL         = "redis://127.0.0.1:6379"
      KAFKA_BROKERS     = "b-1.kafka:9092,b-2.kafka:9092"
      ELASTICSEARCH_URL = "https://vpc-search.eu-west-1.es.amazonaws.com"
      S3_BUCKET         = "bucket-uploads"
      S3_REGION         = "eu-west-1"
      S3_ENDPOINT       = "https://s3.eu-west-1.amazonaws.com"
    }
    error_message = "user-api's variables"
  }

  assert {
    condition     = [for secret in jsondecode(aws_ecs_task_definition.service["log-api"].container_definitions)[0].secrets : secret.name] == ["AMQP_URL"]
    error_message = "log-api reads the broker and nothing else"
  }

  assert {
    condition = {
      for variable in jsondecode(aws_ecs_task_definition.service["log-worker"].container_definitions)[0].environment : variable.name => variable.value
    }["LOG_WORKER_BATCH_SIZE"] == "500"
    error_message = "a service's extra environment reaches its container"
  }

  assert {
    condition     = [for container in jsondecode(aws_ecs_task_definition.service["log-worker"].container_definitions) : container.name] == ["log-worker", "tls-rabbitmq", "tls-redis"]
    error_message = "log-worker runs beside a TLS tunnel to the broker and one to Redis"
  }

  assert {
    condition     = [for container in jsondecode(aws_ecs_task_definition.service["query-service"].container_definitions) : container.name] == ["query-service", "tls-redis"]
    error_message = "query-service has only the Redis tunnel"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.service["log-api"].container_definitions)[1].command[1] == "OPENSSL:b-1.mq.eu-west-1.amazonaws.com:5671,verify=1,cafile=/etc/ssl/certs/ca-certificates.crt"
    error_message = "the broker tunnel verifies the broker's certificate"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.service["csv-producer"].container_definitions)[0].command == ["check"]
    error_message = "csv-producer runs `check` unless run-task overrides it"
  }

  assert {
    condition     = alltrue([for definition in aws_ecs_task_definition.service : alltrue([for container in jsondecode(definition.container_definitions) : container.readonlyRootFilesystem])])
    error_message = "every container has a read-only root file system"
  }


  assert {
    condition     = aws_secretsmanager_secret_version.user_email_key.secret_string_wo_version == var.user_email_key_version
    error_message = "USER_EMAIL_KEY is rewritten only when its own version changes"
  }

  assert {
    condition     = toset(keys(aws_iam_role_policy.task_bucket)) == toset(["csv-producer", "user-api"])
    error_message = "only the services given a bucket get S3 rights"
  }

  assert {
    condition = alltrue([
      for statement in jsondecode(aws_iam_role_policy.task_bucket["user-api"].policy).Statement :
      contains([["arn:aws:s3:::bucket-uploads"], ["arn:aws:s3:::bucket-uploads/*"]], flatten([statement.Resource])) if startswith(statement.Sid, "ListOwn") || startswith(statement.Sid, "ObjectsInOwn")
    ])
    error_message = "user-api's S3 rights name its own bucket only"
  }

  assert {
    condition = one([
      for statement in jsondecode(aws_iam_role_policy.execution["log-api"].policy).Statement : statement.Resource if statement.Sid == "ReadOwnSecrets"
    ]) == ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:amqp-AbCdEf"]
    error_message = "log-api's execution role reads the AMQP_URL secret and no other"
  }
}
