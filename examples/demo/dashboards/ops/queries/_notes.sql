-- Scratch queries for maintainers: files starting with "_" are never addressable.
SELECT COUNT(*) FROM incidents
