-- +goose Up
-- Notifications from every area in the one centre (/varsler) and the one badge. Besides forum
-- posts, a notification names what it is about by a title and an address, and carries the
-- access rule of that thing as a group (NULL: every member): the centre shows it only to those
-- who may still see it. Each person chooses per area how to hear: in the portal only ('app'),
-- also by e-mail at once ('immediate'), in a daily digest ('digest'), or not at all ('off').
-- The other areas need no code for it: triggers on their tables write the notifications in the
-- same transaction as the change, and a worker mails those chosen 'immediate' through the outbox.
ALTER TABLE notifications ALTER COLUMN post_id DROP NOT NULL,
    ADD COLUMN title text NOT NULL DEFAULT '' CHECK (length(title) <= 300),
    ADD COLUMN url text NOT NULL DEFAULT '' CHECK (length(url) <= 500),
    ADD COLUMN group_id bigint REFERENCES groups (id) ON DELETE CASCADE,
    ADD COLUMN dedupe text CHECK (length(dedupe) <= 100),
    ADD COLUMN mail_now boolean NOT NULL DEFAULT false;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('reply', 'mention',
    'event_changed', 'event_cancelled', 'waitlist_promoted', 'consultation_new', 'consultation_deadline',
    'news', 'document', 'indicator_reminder'));
ALTER TABLE notifications ADD CONSTRAINT notifications_about CHECK (post_id IS NOT NULL OR (title <> '' AND url <> ''));
CREATE UNIQUE INDEX notifications_dedupe_idx ON notifications (user_id, dedupe) WHERE dedupe IS NOT NULL;
CREATE INDEX notifications_mail_now_idx ON notifications (id) WHERE mail_now AND mailed_at IS NULL;

CREATE TABLE notification_choices (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    area    text NOT NULL CHECK (area IN ('forum', 'arrangementer', 'horinger', 'nyheter', 'dokumenter', 'nokkeltall')),
    channel text NOT NULL CHECK (channel IN ('app', 'immediate', 'digest', 'off')),
    PRIMARY KEY (user_id, area)
);

-- +goose StatementBegin
-- notify_users writes a notification of kind (in area) to each active user of users who has not
-- turned the area off and may see what it is about (group: only its members and cluster
-- admins; only users of the member kind, as internal/access has it). dedupe makes a second
-- call for the same thing write nothing. The default choice of an area other than the forum is
-- 'app'.
CREATE FUNCTION notify_users(p_kind text, p_area text, p_title text, p_url text, p_group bigint, p_dedupe text, p_users bigint[])
RETURNS void LANGUAGE sql AS $$
    WITH chosen AS (
        SELECT u.id, coalesce(c.channel, 'app') AS channel FROM users u
        LEFT JOIN notification_choices c ON c.user_id = u.id AND c.area = p_area
        WHERE u.id = ANY(p_users) AND u.active AND u.kind = 'member'
          AND (p_group IS NULL OR u.role = 'cluster_admin' OR EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = p_group AND gm.user_id = u.id))
    ), kept AS (
        INSERT INTO notifications (user_id, kind, title, url, group_id, dedupe, mail_now, mailed_at)
        SELECT id, p_kind, left(p_title, 300), p_url, p_group, p_dedupe, channel = 'immediate',
               CASE WHEN channel IN ('immediate', 'digest') THEN NULL ELSE now() END
        FROM chosen WHERE channel <> 'off'
        ON CONFLICT DO NOTHING
        RETURNING user_id, mailed_at IS NULL AND NOT mail_now AS digest
    )
    INSERT INTO notification_settings (user_id) SELECT user_id FROM kept WHERE digest ON CONFLICT DO NOTHING;
$$;

-- Events: a change of time or place, a cancellation, to those registered or waiting.
CREATE FUNCTION notify_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'cancelled' AND OLD.status <> 'cancelled' THEN
        PERFORM notify_users('event_cancelled', 'arrangementer', '«' || NEW.title || '» er avlyst', '/arrangementer/' || NEW.id,
            NEW.group_id, 'avlyst:' || NEW.id,
            ARRAY(SELECT user_id FROM registrations WHERE event_id = NEW.id AND status <> 'cancelled'));
    ELSIF NEW.status = 'published' AND (NEW.starts_at, NEW.ends_at, NEW.place) IS DISTINCT FROM (OLD.starts_at, OLD.ends_at, OLD.place) THEN
        PERFORM notify_users('event_changed', 'arrangementer', '«' || NEW.title || '» har fått ny tid eller nytt sted', '/arrangementer/' || NEW.id,
            NEW.group_id, NULL,
            ARRAY(SELECT user_id FROM registrations WHERE event_id = NEW.id AND status <> 'cancelled'));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER events_notify AFTER UPDATE OF status, starts_at, ends_at, place ON events
    FOR EACH ROW EXECUTE FUNCTION notify_event_change();

-- Registrations: moved up from the waitlist.
CREATE FUNCTION notify_promotion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_users('waitlist_promoted', 'arrangementer', 'Du har fått plass på «' || e.title || '»', '/arrangementer/' || e.id,
        e.group_id, 'plass:' || NEW.id, ARRAY[NEW.user_id])
    FROM events e WHERE e.id = NEW.event_id;
    RETURN NULL;
END $$;
CREATE TRIGGER registrations_notify AFTER UPDATE OF status ON registrations
    FOR EACH ROW WHEN (OLD.status = 'waitlisted' AND NEW.status = 'confirmed') EXECUTE FUNCTION notify_promotion();

-- Consultations: a new one, to every member; its internal deadline approaching (the reminder
-- the consultations area writes per company), to the company's people.
CREATE FUNCTION notify_consultation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_users('consultation_new', 'horinger', 'Ny høring: «' || NEW.title || '»', '/horinger/' || NEW.id,
        NULL, 'horing:' || NEW.id, ARRAY(SELECT id FROM users WHERE active));
    RETURN NULL;
END $$;
CREATE TRIGGER consultations_notify AFTER INSERT ON consultations FOR EACH ROW EXECUTE FUNCTION notify_consultation();

CREATE FUNCTION notify_consultation_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_users('consultation_deadline', 'horinger', 'Fristen for innspill til «' || k.title || '» nærmer seg', '/horinger/' || k.id,
        NULL, 'frist:' || k.id, ARRAY(SELECT id FROM users WHERE company_id = NEW.company_id AND active))
    FROM consultations k WHERE k.id = NEW.consultation_id;
    RETURN NULL;
END $$;
CREATE TRIGGER consultation_reminders_notify AFTER INSERT ON consultation_reminders FOR EACH ROW EXECUTE FUNCTION notify_consultation_deadline();

-- News, to every member.
CREATE FUNCTION notify_news() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_users('news', 'nyheter', CASE WHEN NEW.kind = 'story' THEN 'Suksesshistorie: «' ELSE 'Nyhet: «' END || NEW.title || '»',
        '/nyheter/' || NEW.id, NULL, 'nyhet:' || NEW.id, ARRAY(SELECT id FROM users WHERE active AND id IS DISTINCT FROM NEW.author_id));
    RETURN NULL;
END $$;
CREATE TRIGGER news_notify AFTER INSERT ON news FOR EACH ROW EXECUTE FUNCTION notify_news();

-- A reminder to report indicators, to the company's admins.
CREATE FUNCTION notify_indicator_reminder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_users('indicator_reminder', 'nokkeltall', 'Påminnelse: rapporter nøkkeltallene for ' || NEW.year,
        '/nokkeltall/rapporter', NULL, 'nokkeltall:' || NEW.id,
        ARRAY(SELECT id FROM users WHERE company_id = NEW.company_id AND role = 'company_admin' AND active));
    RETURN NULL;
END $$;
CREATE TRIGGER indicator_reminders_notify AFTER INSERT ON indicator_reminders FOR EACH ROW EXECUTE FUNCTION notify_indicator_reminder();

-- A new document or version tied to a forum thread (to those following the thread or its
-- forum, who may see the forum) or to an event (to those registered).
CREATE FUNCTION notify_document(p_doc bigint, p_by bigint, p_title text, p_dedupe text) RETURNS void LANGUAGE sql AS $$
    SELECT notify_users('document', 'dokumenter', p_title || ': «' || d.title || '»', '/dokumenter/' || d.id, d.group_id, p_dedupe,
        ARRAY(
            SELECT w.user_id FROM forum_thread_watches w WHERE w.thread_id = d.thread_id AND w.level = 'watching'
            UNION
            SELECT fw.user_id FROM forum_threads t JOIN forum_watches fw ON fw.forum_id = t.forum_id AND fw.level = 'watching'
            WHERE t.id = d.thread_id
              AND NOT EXISTS (SELECT 1 FROM forum_thread_watches w WHERE w.thread_id = t.id AND w.user_id = fw.user_id)
            UNION
            SELECT r.user_id FROM registrations r WHERE r.event_id = d.event_id AND r.status <> 'cancelled'
            EXCEPT
            SELECT p_by
            EXCEPT
            SELECT u.id FROM users u JOIN forum_threads t ON t.id = d.thread_id JOIN forums f ON f.id = t.forum_id
            WHERE f.group_id IS NOT NULL AND u.role <> 'cluster_admin'
              AND NOT EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = f.group_id AND gm.user_id = u.id)))
    FROM documents d WHERE d.id = p_doc AND (d.thread_id IS NOT NULL OR d.event_id IS NOT NULL);
$$;

CREATE FUNCTION notify_document_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_document(NEW.document_id, NEW.uploaded_by,
        CASE WHEN NEW.number = 1 THEN 'Nytt dokument' ELSE 'Ny versjon av dokument' END,
        'dokument:' || NEW.document_id || ':' || NEW.number);
    RETURN NULL;
END $$;
CREATE TRIGGER document_versions_notify AFTER INSERT ON document_versions FOR EACH ROW EXECUTE FUNCTION notify_document_version();
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER document_versions_notify ON document_versions;
DROP FUNCTION notify_document_version();
DROP FUNCTION notify_document(bigint, bigint, text, text);
DROP TRIGGER indicator_reminders_notify ON indicator_reminders;
DROP FUNCTION notify_indicator_reminder();
DROP TRIGGER news_notify ON news;
DROP FUNCTION notify_news();
DROP TRIGGER consultation_reminders_notify ON consultation_reminders;
DROP FUNCTION notify_consultation_deadline();
DROP TRIGGER consultations_notify ON consultations;
DROP FUNCTION notify_consultation();
DROP TRIGGER registrations_notify ON registrations;
DROP FUNCTION notify_promotion();
DROP TRIGGER events_notify ON events;
DROP FUNCTION notify_event_change();
DROP FUNCTION notify_users(text, text, text, text, bigint, text, bigint[]);
DROP TABLE notification_choices;
DELETE FROM notifications WHERE post_id IS NULL;
DROP INDEX notifications_mail_now_idx;
DROP INDEX notifications_dedupe_idx;
ALTER TABLE notifications DROP CONSTRAINT notifications_about;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('reply', 'mention'));
ALTER TABLE notifications DROP COLUMN mail_now, DROP COLUMN dedupe, DROP COLUMN group_id, DROP COLUMN url, DROP COLUMN title,
    ALTER COLUMN post_id SET NOT NULL;
