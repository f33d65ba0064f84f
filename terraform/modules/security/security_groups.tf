# Who may talk to whom, derived from the catalog: the load balancer reaches the HTTP services on
# their ports; each service reaches the stores it uses (and nothing else inside the VPC) plus
# HTTPS outside (ECR, CloudWatch Logs, Secrets Manager, S3); each store accepts only its clients.
# The groups are created without inline rules, so AWS's default allow-all egress is removed.

locals {
  public_services = { for name, s in var.services : name => s if s.public_http }

  # One rule per (client service, dependency) pair.
  service_dependency_pairs = merge([
    for name, s in var.services : {
      for dependency in s.uses : "${name}:${dependency}" => { service = name, dependency = dependency }
    }
  ]...)
}

resource "aws_security_group" "alb" {
  #checkov:skip=CKV2_AWS_5:Attached in other modules (loadbalancer, services, data, messaging) through this module's outputs, which checkov's graph does not follow.
  name        = "${var.name}-alb"
  description = "Load balancer: the HTTP services' listeners"
  vpc_id      = var.vpc_id
  tags        = { Name = "${var.name}-alb" }
}

resource "aws_security_group" "service" {
  #checkov:skip=CKV2_AWS_5:Attached in other modules (loadbalancer, services, data, messaging) through this module's outputs, which checkov's graph does not follow.
  for_each    = var.services
  name        = "${var.name}-${each.key}"
  description = "${each.key} tasks"
  vpc_id      = var.vpc_id
  tags        = { Name = "${var.name}-${each.key}" }
}

resource "aws_security_group" "dependency" {
  #checkov:skip=CKV2_AWS_5:Attached in other modules (loadbalancer, services, data, messaging) through this module's outputs, which checkov's graph does not follow.
  for_each    = var.dependencies
  name        = "${var.name}-${each.key}"
  description = "${each.key}: reached by the services that use it"
  vpc_id      = var.vpc_id
  tags        = { Name = "${var.name}-${each.key}" }
}

# ------------------------------------------------------------------------- load balancer

resource "aws_vpc_security_group_ingress_rule" "alb_listener" {
  for_each = {
    for pair in setproduct(keys(local.public_services), var.ingress_cidr_blocks) :
    "${pair[0]}:${pair[1]}" => { service = pair[0], cidr = pair[1] }
  }
  security_group_id = aws_security_group.alb.id
  description       = "${each.value.service} listener"
  ip_protocol       = "tcp"
  from_port         = var.services[each.value.service].port
  to_port           = var.services[each.value.service].port
  cidr_ipv4         = each.value.cidr
}

resource "aws_vpc_security_group_egress_rule" "alb_to_service" {
  for_each                     = local.public_services
  security_group_id            = aws_security_group.alb.id
  description                  = "to ${each.key} tasks"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = aws_security_group.service[each.key].id
}

# ------------------------------------------------------------------------------ services

resource "aws_vpc_security_group_ingress_rule" "service_from_alb" {
  for_each                     = local.public_services
  security_group_id            = aws_security_group.service[each.key].id
  description                  = "from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = aws_security_group.alb.id
}

resource "aws_vpc_security_group_egress_rule" "service_to_dependency" {
  for_each                     = local.service_dependency_pairs
  security_group_id            = aws_security_group.service[each.value.service].id
  description                  = "to ${each.value.dependency}"
  ip_protocol                  = "tcp"
  from_port                    = var.dependencies[each.value.dependency].port
  to_port                      = var.dependencies[each.value.dependency].port
  referenced_security_group_id = aws_security_group.dependency[each.value.dependency].id
}

resource "aws_vpc_security_group_egress_rule" "service_https" {
  for_each          = var.services
  security_group_id = aws_security_group.service[each.key].id
  description       = "HTTPS to AWS APIs: ECR, CloudWatch Logs, Secrets Manager, S3"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# -------------------------------------------------------------------------- data stores

resource "aws_vpc_security_group_ingress_rule" "dependency_from_service" {
  for_each                     = local.service_dependency_pairs
  security_group_id            = aws_security_group.dependency[each.value.dependency].id
  description                  = "from ${each.value.service}"
  ip_protocol                  = "tcp"
  from_port                    = var.dependencies[each.value.dependency].port
  to_port                      = var.dependencies[each.value.dependency].port
  referenced_security_group_id = aws_security_group.service[each.value.service].id
}
