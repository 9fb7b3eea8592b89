-- +goose Up
-- A project's discussion thread, and the documents and årshjul activities tied to a project.
ALTER TABLE projects ADD COLUMN thread_id bigint REFERENCES forum_threads (id) ON DELETE SET NULL;
ALTER TABLE documents ADD COLUMN project_id bigint REFERENCES projects (id) ON DELETE SET NULL;
CREATE INDEX documents_project_idx ON documents (project_id, updated_at DESC) WHERE project_id IS NOT NULL;
ALTER TABLE activities ADD COLUMN project_id bigint REFERENCES projects (id) ON DELETE SET NULL;
CREATE INDEX activities_project_idx ON activities (project_id, starts_on) WHERE project_id IS NOT NULL;

-- +goose Down
DROP INDEX activities_project_idx;
ALTER TABLE activities DROP COLUMN project_id;
DROP INDEX documents_project_idx;
ALTER TABLE documents DROP COLUMN project_id;
ALTER TABLE projects DROP COLUMN thread_id;
