# The root module as a whole, every module wired: what a user's variables turn into.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  image_tag = "abc123"
  #checkov:skip=CKV_SECRET_6:Test fixtures for a mocked provider, not credentials.
  db_password       = "test-only-password"
  rabbitmq_password = "test-only-password"
  user_email_key    = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
  services = {
    "log-worker" = { desired_count = 4, max_count = 20 }
    "user-api"   = { desired_count = 3, cpu = 1024, memory = 2048 }
  }
}

run "deployment" {
  assert {
    condition     = keys(output.ecs_service_names) == ["log-api", "log-worker", "query-service", "user-api", "user-consumer"]
    error_message = "one ECS service per long-running microservice"
  }

  assert {
    condition     = keys(output.ecr_repository_urls) == ["csv-producer", "log-api", "log-worker", "query-service", "user-api", "user-consumer"]
    error_message = "one ECR repository per microservice"
  }

  assert {
    condition = (
      local.service_settings["log-worker"].desired_count == 4 && local.service_settings["log-worker"].max_count == 20
      && local.service_settings["log-worker"].min_count == 2 && local.service_settings["user-api"].cpu == 1024
      && local.service_settings["query-service"].desired_count == 2
    )
    error_message = "var.services overrides what it names; the defaults fill the rest"
  }

  # The ALB: one listener per HTTP service, on the service's own port.
  assert {
    condition = output.service_urls == {
      "user-consumer" = "http://mock-alb-123.eu-west-1.elb.amazonaws.com:8081"
      "user-api"      = "http://mock-alb-123.eu-west-1.elb.amazonaws.com:8082"
      "log-api"       = "http://mock-alb-123.eu-west-1.elb.amazonaws.com:8083"
      "query-service" = "http://mock-alb-123.eu-west-1.elb.amazonaws.com:8085"
    }
    error_message = "a listener for user-consumer, user-api, log-api and query-service on 8081, 8082, 8083 and 8085"
  }

  assert {
    condition     = length(module.network.private_subnet_ids) == 2 && length(toset(module.network.availability_zones)) == 2
    error_message = "the network spans two availability zones by default"
  }

  assert {
    condition     = output.kafka_bootstrap_brokers == "b-1.mock.kafka.eu-west-1.amazonaws.com:9092,b-2.mock.kafka.eu-west-1.amazonaws.com:9092"
    error_message = "the Kafka bootstrap brokers come out"
  }

  assert {
    condition     = output.bucket_names == { "uploads" = "tributary-prod-123456789012-uploads", "etl-output" = "tributary-prod-123456789012-etl-output" }
    error_message = "bucket names carry the account id"
  }
}

# Both bad values in one run: each root plan costs seconds.
run "rejects_bad_values" {
  command = plan
  variables {
    user_email_key = "not-base64"
    services       = { "log-wroker" = { desired_count = 1 } }
  }
  expect_failures = [var.user_email_key, var.services]
}
