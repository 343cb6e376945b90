-- Days above an error-rate threshold for one service.
-- @param service enum(api,web,worker) default api
-- @param threshold float default 1.0
-- @param since date default 2025-01-01
SELECT day, service, requests, errors,
       ROUND(100.0 * errors / requests, 3) AS error_pct
FROM requests
WHERE service = :service
  AND day >= :since
  AND 100.0 * errors / requests > :threshold
ORDER BY day
