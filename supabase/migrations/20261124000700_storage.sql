-- Storage buckets and their storage.objects policies. Every object name starts with the owning
-- organization's id: <organization_id>/<...>. Policies read that folder with storage.foldername.
--   certificates      <sme org>/<certification id or any>/<file>   private
--   brochures         <sme org>/<file>                              public
--   need-attachments  <contractor org>/<need id>/<file>             private
--   eoi-attachments   <sme org>/<eoi id>/<file>                     private

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types) values
  ('certificates', 'certificates', false, 10485760, array['application/pdf', 'image/png', 'image/jpeg']),
  ('brochures', 'brochures', true, 20971520, array['application/pdf', 'image/png', 'image/jpeg', 'image/webp']),
  ('need-attachments', 'need-attachments', false, 26214400, null),
  ('eoi-attachments', 'eoi-attachments', false, 26214400, null)
on conflict (id) do nothing;

-- The organization an object belongs to: the first folder of its name, if it is a uuid.
create or replace function private.object_org(object_name text) returns uuid
language sql immutable set search_path = '' as $$
  select private.try_uuid(split_part(object_name, '/', 1))
$$;

-- Admins of the object's organization, where the organization is of the expected kind.
create or replace function private.can_write_org_object(object_name text, expected_kind public.organization_kind) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.object_org(object_name) = any (private.admin_org_ids())
     and private.org_kind(private.object_org(object_name)) = expected_kind
     and position('/' in object_name) > 0
$$;

grant execute on function private.object_org(text), private.can_write_org_object(text, public.organization_kind)
  to anon, authenticated, service_role;

-- certificates

create policy "Certificate files are readable by the SME, its cluster authority and contractors it shared them with"
  on storage.objects for select to authenticated
  using (bucket_id = 'certificates' and (select private.can_read_certificate_object(name)));
create policy "SME admins upload certificate files to their folder"
  on storage.objects for insert to authenticated
  with check (bucket_id = 'certificates' and (select private.can_write_org_object(name, 'sme')));
create policy "SME admins replace certificate files in their folder"
  on storage.objects for update to authenticated
  using (bucket_id = 'certificates' and (select private.can_write_org_object(name, 'sme')))
  with check (bucket_id = 'certificates' and (select private.can_write_org_object(name, 'sme')));
create policy "SME admins delete certificate files in their folder"
  on storage.objects for delete to authenticated
  using (bucket_id = 'certificates' and (select private.can_write_org_object(name, 'sme')));

-- brochures

create policy "Brochures are public"
  on storage.objects for select to anon, authenticated
  using (bucket_id = 'brochures');
create policy "SME admins upload brochures to their folder"
  on storage.objects for insert to authenticated
  with check (bucket_id = 'brochures' and (select private.can_write_org_object(name, 'sme')));
create policy "SME admins replace brochures in their folder"
  on storage.objects for update to authenticated
  using (bucket_id = 'brochures' and (select private.can_write_org_object(name, 'sme')))
  with check (bucket_id = 'brochures' and (select private.can_write_org_object(name, 'sme')));
create policy "SME admins delete brochures in their folder"
  on storage.objects for delete to authenticated
  using (bucket_id = 'brochures' and (select private.can_write_org_object(name, 'sme')));

-- need attachments: readable by whoever can see the need

create policy "Need attachments are readable by whoever can see the need"
  on storage.objects for select to anon, authenticated
  using (
    bucket_id = 'need-attachments'
    and (
      private.object_org(name) = any ((select private.member_org_ids())::uuid[])
      or (private.need_owner(private.try_uuid(split_part(name, '/', 2))) = private.object_org(name)
          and private.can_view_need(private.try_uuid(split_part(name, '/', 2))))
    )
  );
create policy "Contractor admins attach files to their needs"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'need-attachments'
    and (select private.can_write_org_object(name, 'contractor'))
    and private.need_owner(private.try_uuid(split_part(name, '/', 2))) = private.object_org(name)
  );
create policy "Contractor admins replace files on their needs"
  on storage.objects for update to authenticated
  using (bucket_id = 'need-attachments' and (select private.can_write_org_object(name, 'contractor')))
  with check (
    bucket_id = 'need-attachments'
    and (select private.can_write_org_object(name, 'contractor'))
    and private.need_owner(private.try_uuid(split_part(name, '/', 2))) = private.object_org(name)
  );
create policy "Contractor admins delete files on their needs"
  on storage.objects for delete to authenticated
  using (bucket_id = 'need-attachments' and (select private.can_write_org_object(name, 'contractor')));

-- EOI attachments: the SME, and the need's owner once the EOI is submitted

create policy "EOI attachments are readable by the SME and, once submitted, the need's owner"
  on storage.objects for select to authenticated
  using (bucket_id = 'eoi-attachments' and (select private.can_read_eoi_object(name)));
create policy "SME admins attach files to their EOIs"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'eoi-attachments'
    and (select private.can_write_org_object(name, 'sme'))
    and exists (
      select 1 from public.eois e
      where e.id = private.try_uuid(split_part(name, '/', 2))
        and e.sme_organization_id = private.object_org(name))
  );
create policy "SME admins replace files on their EOIs"
  on storage.objects for update to authenticated
  using (bucket_id = 'eoi-attachments' and (select private.can_write_org_object(name, 'sme')))
  with check (
    bucket_id = 'eoi-attachments'
    and (select private.can_write_org_object(name, 'sme'))
    and exists (
      select 1 from public.eois e
      where e.id = private.try_uuid(split_part(name, '/', 2))
        and e.sme_organization_id = private.object_org(name))
  );
create policy "SME admins delete files on their EOIs"
  on storage.objects for delete to authenticated
  using (bucket_id = 'eoi-attachments' and (select private.can_write_org_object(name, 'sme')));
