output "bucket_names" {
  description = "The data buckets' names, by key (uploads, etl-output)."
  value       = { for key, _ in local.data_buckets : key => aws_s3_bucket.this[key].bucket }
}

output "bucket_arns" {
  description = "The data buckets' ARNs, by key."
  value       = { for key, _ in local.data_buckets : key => aws_s3_bucket.this[key].arn }
}

output "logs_bucket_name" {
  description = "The access-log bucket (ALB logs under alb/, S3 server access logs under s3/)."
  value       = aws_s3_bucket.this["logs"].bucket
  # The load balancer checks at creation that it may write here: not before the policy exists.
  depends_on = [aws_s3_bucket_policy.logs]
}
