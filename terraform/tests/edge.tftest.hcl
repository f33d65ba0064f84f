# The load balancer and the network on their own.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name               = "tributary-test"
  kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  log_retention_days = 365
}

run "https_when_a_certificate_is_given" {
  module {
    source = "./modules/loadbalancer"
  }
  variables {
    vpc_id              = "vpc-1"
    subnet_ids          = ["subnet-a", "subnet-b"]
    security_group_id   = "sg-alb"
    services            = { "log-api" = 8083, "query-service" = 8085 }
    certificate_arn     = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
    access_logs_bucket  = "logs"
    deletion_protection = true
  }

  assert {
    condition     = alltrue([for listener in aws_lb_listener.service : listener.protocol == "HTTPS" && listener.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"])
    error_message = "with a certificate, every listener is HTTPS with TLS 1.2 or later"
  }

  assert {
    condition     = { for name, listener in aws_lb_listener.service : name => listener.port } == { "log-api" = 8083, "query-service" = 8085 }
    error_message = "each service's listener is on the service's port"
  }

  assert {
    condition     = alltrue([for group in aws_lb_target_group.service : group.health_check[0].path == "/health/ready" && group.target_type == "ip"])
    error_message = "targets are task addresses, healthy while /health/ready answers 200"
  }

  assert {
    condition     = aws_lb.this.drop_invalid_header_fields && aws_lb.this.access_logs[0].enabled
    error_message = "the load balancer drops invalid headers and writes access logs"
  }

  assert {
    condition     = length(aws_wafv2_web_acl_association.this) == 1
    error_message = "WAF guards the load balancer"
  }
}

run "three_zones" {
  command = plan
  module {
    source = "./modules/network"
  }
  variables {
    availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  }

  assert {
    condition     = length(aws_subnet.private) == 3 && length(aws_subnet.public) == 3 && length(aws_nat_gateway.this) == 3
    error_message = "a public and a private subnet and a NAT gateway per zone"
  }

  assert {
    condition     = alltrue([for subnet in aws_subnet.public : !subnet.map_public_ip_on_launch])
    error_message = "nothing gets a public address by landing in a public subnet"
  }

  assert {
    condition     = toset([for subnet in aws_subnet.private : subnet.availability_zone]) == toset(["eu-west-1a", "eu-west-1b", "eu-west-1c"])
    error_message = "the private subnets cover every zone"
  }
}

run "one_zone_is_refused" {
  command = plan
  module {
    source = "./modules/network"
  }
  variables {
    availability_zones = ["eu-west-1a"]
  }
  expect_failures = [var.availability_zones]
}
