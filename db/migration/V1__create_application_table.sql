CREATE TABLE application (
    id          uuid PRIMARY KEY,
    name        varchar(100) NOT NULL,
    description text         NOT NULL DEFAULT '',
    product_id  varchar(155),
    created_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT application_name_unique UNIQUE (name)
);

-- Omaha clients may name an application by product id in any letter case.
CREATE UNIQUE INDEX application_product_id_unique ON application (lower(product_id));
