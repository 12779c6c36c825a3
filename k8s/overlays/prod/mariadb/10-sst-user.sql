-- Run once by the image's entrypoint when it initializes an empty data
-- directory. mariabackup state transfers authenticate as the OS user `mysql`
-- over the Unix socket, so no SST password exists anywhere.
CREATE USER IF NOT EXISTS 'mysql'@'localhost' IDENTIFIED VIA unix_socket;
GRANT RELOAD, PROCESS, LOCK TABLES, BINLOG MONITOR ON *.* TO 'mysql'@'localhost';
