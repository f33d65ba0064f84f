# RDS PostgreSQL: encrypted, private, Multi-AZ, never publicly accessible. The password is a
# write-only argument: Terraform sends it to RDS and to the POSTGRES_URL secret without keeping it
# in the state.

resource "aws_db_subnet_group" "postgres" {
  name       = "${var.name}-postgres"
  subnet_ids = var.subnet_ids
}

resource "aws_db_parameter_group" "postgres" {
  name   = "${var.name}-postgres${split(".", var.postgres.engine_version)[0]}"
  family = "postgres${split(".", var.postgres.engine_version)[0]}"

  # The services' PostgreSQL client connects without TLS (ServiceKit's PostgresConfig builds its
  # pool with `tls: .disable`), and RDS 15+ refuses such connections by default. Traffic stays in
  # the private subnets, limited by security group to the four services that use the database.
  # Set this back to 1 once PostgresConfig negotiates TLS.
  parameter {
    name  = "rds.force_ssl"
    value = "0"
  }

  # Statements slower than a second, and every schema change (the services' migrations), logged.
  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  parameter {
    name  = "log_statement"
    value = "ddl"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_iam_role" "rds_monitoring" {
  name = "${var.name}-rds-monitoring"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "monitoring.rds.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  role       = aws_iam_role.rds_monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_instance" "postgres" {
  #checkov:skip=CKV2_AWS_69:The services' PostgreSQL client cannot use TLS yet (PostgresConfig: tls .disable), so rds.force_ssl is 0; see the parameter group above.
  identifier     = "${var.name}-postgres"
  engine         = "postgres"
  engine_version = var.postgres.engine_version
  instance_class = var.postgres.instance_class
  db_name        = var.postgres.database
  username       = var.postgres.username

  password_wo         = var.db_password
  password_wo_version = var.secrets_version

  allocated_storage     = var.postgres.allocated_storage
  max_allocated_storage = var.postgres.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_subnet_group_name   = aws_db_subnet_group.postgres.name
  vpc_security_group_ids = [var.security_group_ids["postgres"]]
  publicly_accessible    = false
  multi_az               = var.postgres.multi_az
  parameter_group_name   = aws_db_parameter_group.postgres.name

  backup_retention_period    = var.postgres.backup_retention_days
  copy_tags_to_snapshot      = true
  deletion_protection        = var.deletion_protection
  skip_final_snapshot        = !var.deletion_protection
  final_snapshot_identifier  = "${var.name}-postgres-final"
  auto_minor_version_upgrade = true

  iam_database_authentication_enabled   = true
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.kms_key_arn
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.rds_monitoring.arn
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  performance_insights_retention_period = 7
}

# The services read one variable, POSTGRES_URL, with the password in it: the whole URL is the
# secret, injected by ECS from Secrets Manager.
resource "aws_secretsmanager_secret" "postgres_url" {
  #checkov:skip=CKV2_AWS_57:Rotated by Terraform (bump secrets_version with a new password), not by a rotation Lambda: ECS reads secrets only when a task starts, so a password changed under running tasks would break their next connection.
  name                    = "${var.name}/POSTGRES_URL"
  description             = "POSTGRES_URL of the services that use PostgreSQL"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "postgres_url" {
  secret_id                = aws_secretsmanager_secret.postgres_url.id
  secret_string_wo         = "postgres://${var.postgres.username}:${urlencode(var.db_password)}@${aws_db_instance.postgres.address}:${aws_db_instance.postgres.port}/${var.postgres.database}"
  secret_string_wo_version = var.secrets_version
}
