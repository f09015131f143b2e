-- match_clusters at 100,000 suppliers: with 13,000 members per cluster, counting each cluster's
-- published members, and its verified ones per wanted process, read the wide sme_profiles rows
-- from the heap: about 60,000 page visits per request, 240 ms in EXPLAIN ANALYZE and a median of
-- 300 ms in the match API for localization and division-hosting needs, where it runs beside
-- match_candidates. Two partial indexes answer both counts (about 10 ms).

create index if not exists sme_profiles_published_cluster_idx on public.sme_profiles (cluster_id) where published;
create index if not exists sme_profiles_verified_cluster_idx on public.sme_profiles (cluster_id, organization_id)
  where published and verification_status = 'verified';
