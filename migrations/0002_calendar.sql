-- The working-day calendar: the declared exceptions to "Monday to Friday are working days".
-- A `holiday` is a weekday that is not worked; a `working_day` is a Saturday or Sunday that is
-- worked to make up for a long holiday. The administrator keeps it (PUT/DELETE /v1/calendar).

CREATE TABLE calendar_exceptions (
    day date PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('holiday', 'working_day')),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    CHECK ((kind = 'holiday') = (extract(isodow FROM day) <= 5))
);

-- The People's Republic of China, 2026, as published by the General Office of the State
-- Council in November 2025. Holidays that fall on a weekend need no row.
-- 2027: the statutory holidays that fall on weekdays (Regulation on National Annual and
-- Commemorative Holidays, as amended in 2024; lunar dates computed): they are days off under
-- any arrangement. The State Council's notice for 2027 adds bridge days and make-up working
-- days; the administrator declares those (PUT /v1/calendar/{date}, or scripts/load-calendar)
-- when it is published.
INSERT INTO calendar_exceptions (day, kind, name) VALUES
    ('2026-01-01', 'holiday', 'New Year''s Day'),
    ('2026-01-02', 'holiday', 'New Year''s Day'),
    ('2026-01-04', 'working_day', 'New Year''s Day make-up working day'),
    ('2026-02-14', 'working_day', 'Spring Festival make-up working day'),
    ('2026-02-16', 'holiday', 'Spring Festival'),
    ('2026-02-17', 'holiday', 'Spring Festival'),
    ('2026-02-18', 'holiday', 'Spring Festival'),
    ('2026-02-19', 'holiday', 'Spring Festival'),
    ('2026-02-20', 'holiday', 'Spring Festival'),
    ('2026-02-23', 'holiday', 'Spring Festival'),
    ('2026-02-28', 'working_day', 'Spring Festival make-up working day'),
    ('2026-04-06', 'holiday', 'Qingming Festival'),
    ('2026-05-01', 'holiday', 'Labour Day'),
    ('2026-05-04', 'holiday', 'Labour Day'),
    ('2026-05-05', 'holiday', 'Labour Day'),
    ('2026-05-09', 'working_day', 'Labour Day make-up working day'),
    ('2026-06-19', 'holiday', 'Dragon Boat Festival'),
    ('2026-09-20', 'working_day', 'National Day make-up working day'),
    ('2026-09-25', 'holiday', 'Mid-Autumn Festival'),
    ('2026-10-01', 'holiday', 'National Day'),
    ('2026-10-02', 'holiday', 'National Day'),
    ('2026-10-05', 'holiday', 'National Day'),
    ('2026-10-06', 'holiday', 'National Day'),
    ('2026-10-07', 'holiday', 'National Day'),
    ('2026-10-10', 'working_day', 'National Day make-up working day'),
    ('2027-01-01', 'holiday', 'New Year''s Day'),
    ('2027-02-05', 'holiday', 'Spring Festival (New Year''s Eve)'),
    ('2027-02-08', 'holiday', 'Spring Festival'),
    ('2027-04-05', 'holiday', 'Qingming Festival'),
    ('2027-06-09', 'holiday', 'Dragon Boat Festival'),
    ('2027-09-15', 'holiday', 'Mid-Autumn Festival'),
    ('2027-10-01', 'holiday', 'National Day');
