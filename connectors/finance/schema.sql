-- The finance database the finance connector reads (MariaDB/MySQL). Every
-- table carries updated_at, stamped on every change, with an index on
-- (updated_at, id) for the connector's watermark query. Invoice status is
-- kept by the finance system itself (its dunning run sets 'overdue', which
-- stamps updated_at), so an invoice falling overdue is a change the
-- connector sees.
CREATE TABLE IF NOT EXISTS fin_customers (
  id              BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_no      VARCHAR(32) NOT NULL,         -- the id other systems see
  kind            ENUM('person', 'company') NOT NULL DEFAULT 'person',
  name            VARCHAR(255) NOT NULL,
  credit_code     VARCHAR(18) NULL,             -- companies: unified social
                                                -- credit code (18 chars)
  resident_id     VARCHAR(18) NULL,             -- persons
  birth_date      VARCHAR(16) NULL,
  gender          CHAR(1) NULL,
  phone           VARCHAR(64) NULL,
  email           VARCHAR(255) NULL,
  billing_address VARCHAR(512) NULL,
  city            VARCHAR(64) NULL,
  region          VARCHAR(64) NULL,
  postal_code     VARCHAR(16) NULL,
  country         VARCHAR(8) NULL,
  income_band     VARCHAR(16) NULL,
  updated_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                  ON UPDATE CURRENT_TIMESTAMP(6),
  KEY fin_customers_by_update (updated_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS invoices (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_no  VARCHAR(32) NOT NULL,
  customer_id BIGINT NOT NULL,                  -- fin_customers.id
  amount      DECIMAL(14, 2) NOT NULL,
  currency    CHAR(3) NOT NULL DEFAULT 'CNY',
  issued_at   DATETIME(6) NOT NULL,
  due_date    DATE NOT NULL,
  status      ENUM('open', 'paid', 'overdue', 'void') NOT NULL DEFAULT 'open',
  updated_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
              ON UPDATE CURRENT_TIMESTAMP(6),
  KEY invoices_by_update (updated_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS payments (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  payment_no  VARCHAR(32) NOT NULL,
  customer_id BIGINT NOT NULL,
  invoice_id  BIGINT NULL,
  amount      DECIMAL(14, 2) NOT NULL,
  currency    CHAR(3) NOT NULL DEFAULT 'CNY',
  paid_at     DATETIME(6) NOT NULL,
  due_date    DATE NULL,                        -- when it was due, if known
  updated_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
              ON UPDATE CURRENT_TIMESTAMP(6),
  KEY payments_by_update (updated_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One credit line per customer; id = fin_customers.id.
CREATE TABLE IF NOT EXISTS credit_lines (
  id           BIGINT NOT NULL PRIMARY KEY,
  credit_limit DECIMAL(14, 2) NOT NULL,
  currency     CHAR(3) NOT NULL DEFAULT 'CNY',
  rating       VARCHAR(8) NULL,                 -- AAA ... C
  updated_at   DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
               ON UPDATE CURRENT_TIMESTAMP(6),
  KEY credit_lines_by_update (updated_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
