/** Column lists for reading needs, shared by the models and the matcher (plain module). */
export const NEED_ORGANIZATION_EMBED = "organization:organizations!needs_organization_id_fkey(id, name_en, name_ko, slug)";

export const NEED_SUMMARY_COLUMNS =
  "id, organization_id, kind, title_en, title_ko, status, visibility, export_controlled, offset_eligible, location_name, " +
  `response_deadline, opened_at, created_at, required_process_codes, preferred_process_codes, ${NEED_ORGANIZATION_EMBED}`;

export const NEED_COLUMNS = `*, ${NEED_ORGANIZATION_EMBED}`;
