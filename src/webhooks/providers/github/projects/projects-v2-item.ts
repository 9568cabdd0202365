import { field, str } from '../../event-text';

/** The node ids a `projects_v2_item` payload carries: all it says about the project and the item. */
export interface ProjectItemRefs {
  projectId?: string;
  itemId?: string;
  contentId?: string;
  /** `Issue`, `PullRequest` or `DraftIssue`. */
  contentType?: string;
  /** Set for an edited field value. */
  fieldId?: string;
  fieldName?: string;
  fieldType?: string;
}

export function projectItemRefs(payload: unknown): ProjectItemRefs {
  const item = field(payload, 'projects_v2_item');
  const change = field(field(payload, 'changes'), 'field_value');
  return {
    projectId: str(field(item, 'project_node_id')),
    itemId: str(field(item, 'node_id')),
    contentId: str(field(item, 'content_node_id')),
    contentType: str(field(item, 'content_type')),
    fieldId: str(field(change, 'field_node_id')),
    fieldName: str(field(change, 'field_name')),
    fieldType: str(field(change, 'field_type')),
  };
}

/** Enriched data about a project item, stored as the event's `extra` (rules read `extra.project.id`). */
export interface ProjectItemExtra {
  project: { id?: string; title?: string; url?: string; number?: number };
  item: { id?: string; contentId?: string; type?: string; title?: string; url?: string; number?: number };
  field?: { id: string; name?: string; type?: string };
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** What the payload alone says: the `extra` of an event whose details could not be fetched. */
export function knownProjectItem(refs: ProjectItemRefs): ProjectItemExtra {
  return defined({
    project: defined({ id: refs.projectId }),
    item: defined({ id: refs.itemId, contentId: refs.contentId, type: refs.contentType }),
    field: refs.fieldId ? defined({ id: refs.fieldId, name: refs.fieldName, type: refs.fieldType }) : undefined,
  });
}
