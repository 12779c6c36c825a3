-- The ERP database the ERP connector reads (MariaDB/MySQL). Customers are
-- soft-deleted (deleted = 1), never removed, so the connector can see the
-- deletion; every table carries updated_at, stamped on every change, with an
-- index on (updated_at, id) for the connector's watermark query.
CREATE TABLE IF NOT EXISTS customers (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_code VARCHAR(32) NOT NULL,          -- the id other systems see
  kind          ENUM('person', 'company') NOT NULL DEFAULT 'person',
  name          VARCHAR(255) NOT NULL,
  national_id   VARCHAR(32) NULL,              -- resident id / credit code
  birth_date    VARCHAR(16) NULL,              -- as keyed in; may be junk
  gender        CHAR(1) NULL,                  -- 'M', 'F'
  phone         VARCHAR(64) NULL,
  mobile        VARCHAR(64) NULL,
  email         VARCHAR(255) NULL,
  address       VARCHAR(512) NULL,
  city          VARCHAR(64) NULL,
  region        VARCHAR(64) NULL,
  postal_code   VARCHAR(16) NULL,
  country       VARCHAR(8) NULL,
  tier          VARCHAR(16) NULL,              -- gold / silver / ...
  deleted       TINYINT NOT NULL DEFAULT 0,
  updated_at    DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                ON UPDATE CURRENT_TIMESTAMP(6),
  KEY customers_by_update (updated_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS sales_orders (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_no    VARCHAR(32) NOT NULL,
  customer_id BIGINT NOT NULL,                 -- customers.id
  amount      DECIMAL(14, 2) NULL,
  currency    CHAR(3) NOT NULL DEFAULT 'CNY',
  profit      DECIMAL(14, 2) NULL,
  status      VARCHAR(16) NOT NULL DEFAULT 'open',
  ordered_at  DATETIME(6) NOT NULL,
  updated_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
              ON UPDATE CURRENT_TIMESTAMP(6),
  KEY orders_by_update (updated_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
