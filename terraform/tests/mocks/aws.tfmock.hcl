# What the mocked AWS provider answers where the real one would compute a value: ARNs the
# provider validates, and the values the configuration parses (the broker's endpoint, the zones).

mock_data "aws_availability_zones" {
  defaults = { names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"] }
}

mock_data "aws_caller_identity" {
  defaults = { account_id = "123456789012" }
}

mock_data "aws_region" {
  defaults = { name = "eu-west-1" }
}

mock_data "aws_partition" {
  defaults = { partition = "aws" }
}

mock_data "aws_elb_service_account" {
  defaults = { arn = "arn:aws:iam::156460612806:root" }
}

mock_resource "aws_kms_key" {
  defaults = { arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555" }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:mock" }
}

mock_resource "aws_iam_role" {
  defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
}

mock_resource "aws_secretsmanager_secret" {
  defaults = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mock-AbCdEf" }
}

mock_resource "aws_s3_bucket" {
  defaults = { arn = "arn:aws:s3:::mock-bucket" }
}

mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/mock/0123456789abcdef"
    arn_suffix = "app/mock/0123456789abcdef"
    dns_name   = "mock-alb-123.eu-west-1.elb.amazonaws.com"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/mock/0123456789abcdef" }
}

mock_resource "aws_lb_listener" {
  defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/mock/0123456789abcdef/0123456789abcdef" }
}

mock_resource "aws_wafv2_web_acl" {
  defaults = { arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/mock/11111111-2222-3333-4444-555555555555" }
}

mock_resource "aws_msk_configuration" {
  defaults = { arn = "arn:aws:kafka:eu-west-1:123456789012:configuration/mock/11111111-2222-3333-4444-555555555555-1", latest_revision = 1 }
}

mock_resource "aws_msk_cluster" {
  defaults = {
    arn                   = "arn:aws:kafka:eu-west-1:123456789012:cluster/mock/11111111-2222-3333-4444-555555555555-1"
    bootstrap_brokers     = "b-1.mock.kafka.eu-west-1.amazonaws.com:9092,b-2.mock.kafka.eu-west-1.amazonaws.com:9092"
    bootstrap_brokers_tls = "b-1.mock.kafka.eu-west-1.amazonaws.com:9094,b-2.mock.kafka.eu-west-1.amazonaws.com:9094"
  }
}

mock_resource "aws_mq_broker" {
  defaults = {
    arn = "arn:aws:mq:eu-west-1:123456789012:broker:mock:b-11111111-2222-3333-4444-555555555555"
    instances = [{
      console_url = "https://b-1.mq.eu-west-1.amazonaws.com"
      endpoints   = ["amqps://b-1.mq.eu-west-1.amazonaws.com:5671"]
      ip_address  = "10.40.128.10"
    }]
  }
}

mock_resource "aws_db_instance" {
  defaults = {
    arn     = "arn:aws:rds:eu-west-1:123456789012:db:mock"
    address = "mock.abcdefghijkl.eu-west-1.rds.amazonaws.com"
    port    = 5432
  }
}

mock_resource "aws_elasticache_replication_group" {
  defaults = {
    arn                      = "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:mock"
    primary_endpoint_address = "master.mock.abcdef.euw1.cache.amazonaws.com"
  }
}

mock_resource "aws_opensearch_domain" {
  defaults = {
    arn                = "arn:aws:es:eu-west-1:123456789012:domain/mock"
    endpoint           = "vpc-mock-abcdef.eu-west-1.es.amazonaws.com"
    dashboard_endpoint = "vpc-mock-abcdef.eu-west-1.es.amazonaws.com/_dashboards"
  }
}

mock_resource "aws_ecr_repository" {
  defaults = {
    arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/mock"
    repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mock"
  }
}

mock_resource "aws_ecs_cluster" {
  defaults = { arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/mock" }
}

mock_resource "aws_ecs_task_definition" {
  defaults = { arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/mock:1" }
}
