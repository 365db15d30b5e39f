-- Test only: stands for a migration a newer Hearth build applied (see DatabaseMigrationsIT).
CREATE TABLE from_a_newer_build (id INT PRIMARY KEY);
