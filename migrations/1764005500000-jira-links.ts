import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which Jira issue a record became (`jira.create`): by the record's source, resource type and
 * external id, so a changed record updates its issue instead of opening another. `issue_id` is
 * Jira's stable id (keys change when an issue moves project). `completed_at`: when the record was
 * completed because its issue was done (a PeopleForce task), so the sweep does not do it twice.
 */
export class JiraLinks1764005500000 implements MigrationInterface {
  name = 'JiraLinks1764005500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE jira_links (
        source text NOT NULL,
        resource_type text NOT NULL,
        external_id text NOT NULL,
        issue_id text NOT NULL,
        issue_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (source, resource_type, external_id)
      )`);
    await db.query('CREATE INDEX jira_links_issue_id ON jira_links (issue_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE jira_links');
  }
}
