output "dns_name" {
  description = "The load balancer's DNS name."
  value       = aws_lb.this.dns_name
}

output "arn_suffix" {
  description = "The load balancer's ARN suffix (its CloudWatch dimension)."
  value       = aws_lb.this.arn_suffix
}

output "target_group_arns" {
  description = "Each HTTP service's target group, by service name."
  value       = { for name, group in aws_lb_target_group.service : name => group.arn }
}

output "urls" {
  description = "Each HTTP service's base URL, by service name."
  value = {
    for name, port in var.services :
    name => "${var.certificate_arn == null ? "http" : "https"}://${aws_lb.this.dns_name}:${port}"
  }
}

output "listener_arns" {
  description = "Each HTTP service's listener, by service name."
  value       = { for name, listener in aws_lb_listener.service : name => listener.arn }
}
