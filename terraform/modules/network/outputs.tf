output "vpc_id" {
  description = "The VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "The VPC's address range."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "One public subnet per zone: the load balancer."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "One private subnet per zone: tasks and data stores."
  value       = aws_subnet.private[*].id
}

output "availability_zones" {
  description = "The zones the subnets are in, in subnet order."
  value       = var.availability_zones
}
