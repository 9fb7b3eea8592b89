-- +goose Up
-- The desk (/skrivebord) is kept rendered per viewer (internal/web/desk.go) while its versions
-- hold: the indicators', events', plan's, meetings', the consultations' (dashboard_version of
-- everyone), the reference version, and this count of the rest it shows, which every change
-- adds one to in the same transaction: its settings and reminders, the reminders of the
-- indicator reports, the people invited or dormant (sign-ins, accounts, identities), the posts
-- hidden, and the mail that failed.
CREATE TABLE desk_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL
);
INSERT INTO desk_version (n) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION bump_desk_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE desk_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER desk_settings_desk AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON desk_settings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_desk_version();
CREATE TRIGGER desk_reminders_desk AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON desk_reminders
    FOR EACH STATEMENT EXECUTE FUNCTION bump_desk_version();
CREATE TRIGGER indicator_reminders_desk AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicator_reminders
    FOR EACH STATEMENT EXECUTE FUNCTION bump_desk_version();
CREATE TRIGGER user_identities_desk AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_identities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_desk_version();
CREATE TRIGGER users_desk AFTER INSERT OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_desk_version();
CREATE TRIGGER users_desk_upd AFTER UPDATE OF active, password_hash, created_at, last_login_at, company_id, name, email ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_desk_version();
CREATE TRIGGER forum_posts_desk AFTER UPDATE OF hidden_at, hidden_reason ON forum_posts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_desk_version();
CREATE TRIGGER forum_posts_desk_del AFTER DELETE OR TRUNCATE ON forum_posts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_desk_version();
-- A mail waiting is not shown until it has failed: its insert changes nothing here.
CREATE TRIGGER mail_outbox_desk AFTER UPDATE OR DELETE OR TRUNCATE ON mail_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION bump_desk_version();

-- +goose Down
DROP TRIGGER mail_outbox_desk ON mail_outbox;
DROP TRIGGER forum_posts_desk_del ON forum_posts;
DROP TRIGGER forum_posts_desk ON forum_posts;
DROP TRIGGER users_desk_upd ON users;
DROP TRIGGER users_desk ON users;
DROP TRIGGER user_identities_desk ON user_identities;
DROP TRIGGER indicator_reminders_desk ON indicator_reminders;
DROP TRIGGER desk_reminders_desk ON desk_reminders;
DROP TRIGGER desk_settings_desk ON desk_settings;
DROP FUNCTION bump_desk_version();
DROP TABLE desk_version;
