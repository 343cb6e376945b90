-- Top customers of one region since a date, by revenue.
-- @param region enum(EU, NA, APAC) default EU
-- @param since date default 2025-01-01
-- @param top_n int default 10
-- @param min_amount float default 0
SELECT customer,
       ROUND(SUM(amount), 2) AS revenue,
       COUNT(*) AS orders
FROM sales_orders
WHERE region = :region
  AND order_date >= :since
  AND amount >= :min_amount
GROUP BY customer
ORDER BY revenue DESC
LIMIT :top_n
