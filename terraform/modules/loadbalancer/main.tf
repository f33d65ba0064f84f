# One internet-facing application load balancer; one listener per HTTP service on the service's
# own port (user-consumer 8081, user-api 8082, log-api 8083, query-service 8085), each forwarding
# to the service's tasks. A target is healthy while its /health/ready answers 200 (ready or
# degraded); 503 (a required dependency down) takes it out, as the README's "Readiness" intends.

resource "aws_lb" "this" {
  name                       = substr("${var.name}-alb", 0, 32)
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.subnet_ids
  security_groups            = [var.security_group_id]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
  # GET /users/sse?follow=true streams; a keep-alive comment comes every 15 s by default.
  idle_timeout = 120

  access_logs {
    bucket  = var.access_logs_bucket
    prefix  = "alb"
    enabled = true
  }
}

resource "aws_lb_target_group" "service" {
  for_each             = var.services
  name                 = substr("${var.name}-${each.key}", 0, 32)
  port                 = each.value
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30 # the services finish in-flight requests on SIGTERM

  health_check {
    path                = "/health/ready"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "service" {
  #checkov:skip=CKV_AWS_2:HTTPS whenever certificate_arn is set; plain HTTP only for a trial without a domain (see the README).
  #checkov:skip=CKV_AWS_103:As above: with a certificate the policy is TLS 1.2 or later.
  for_each          = var.services
  load_balancer_arn = aws_lb.this.arn
  port              = each.value
  protocol          = var.certificate_arn == null ? "HTTP" : "HTTPS"
  ssl_policy        = var.certificate_arn == null ? null : "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.service[each.key].arn
  }
}
