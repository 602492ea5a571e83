-- HAND-WRITTEN stand-in for the sql generator's db/postgres/schema.sql of gen_api_fixture.locus.
-- The sql generator is not in main yet; when it is, the test applies the generated schema instead
-- and this file goes away. Tables and columns follow the IR (`table`, `column`, foreign keys from
-- the relations) and the sql generator's PostgreSQL types.
CREATE TABLE authors (
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  homepage TEXT,
  bio TEXT,
  karma INTEGER NOT NULL DEFAULT 0 CHECK (karma >= 0 AND karma <= 1000)
);

CREATE TABLE categories (
  id SERIAL PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  display_label TEXT NOT NULL
);

CREATE TABLE posts (
  id SERIAL PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  rating DOUBLE PRECISION,
  price NUMERIC NOT NULL DEFAULT 0,
  views BIGINT NOT NULL DEFAULT 0,
  published BOOLEAN NOT NULL DEFAULT FALSE,
  published_at TIMESTAMPTZ(3),
  tags TEXT[] NOT NULL,
  meta JSONB,
  external_id UUID,
  contact TEXT,
  author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE RESTRICT,
  category_id INTEGER REFERENCES categories (id) ON DELETE SET NULL
);

CREATE TABLE tags (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE comments (
  id SERIAL PRIMARY KEY,
  text TEXT NOT NULL,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE
);
