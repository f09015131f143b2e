import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import ws from "ws";
import { signHs256 } from "../scripts/stack/config.ts";

/**
 * Storage through the local gateway, driven by the unmodified supabase-js client. Users are rows in
 * auth.users with access tokens carrying Supabase Auth's claims; the storage policies are created
 * here with plain SQL, as a project's migration would.
 */

const stack = inject("stack");
const suffix = randomUUID().slice(0, 8);
const buckets = {
  files: `files-${suffix}`,
  inbox: `inbox-${suffix}`,
  public: `public-${suffix}`,
  small: `small-${suffix}`,
};

type TestUser = { id: string; email: string; token: string; client: SupabaseClient };

const clientOptions = {
  auth: { persistSession: false, autoRefreshToken: false },
  realtime: { transport: ws as unknown as typeof WebSocket },
} as const;

function clientWithToken(token: string | null) {
  return createClient(stack.supabaseUrl, stack.anonKey, {
    ...clientOptions,
    ...(token ? { global: { headers: { Authorization: `Bearer ${token}` } } } : {}),
  });
}

function accessToken(user: { id: string; email: string }, secret = stack.jwtSecret) {
  const issuedAt = Math.floor(Date.now() / 1000);
  return signHs256(
    {
      aud: "authenticated",
      sub: user.id,
      role: "authenticated",
      email: user.email,
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: {},
      session_id: randomUUID(),
      aal: "aal1",
      is_anonymous: false,
      iat: issuedAt,
      exp: issuedAt + 3600,
    },
    secret,
  );
}

let db: pg.Client;
let admin: SupabaseClient;
let alice: TestUser;
let bob: TestUser;

async function createUser(name: string): Promise<TestUser> {
  const id = randomUUID();
  const email = `${name}-${suffix}@example.test`;
  await db.query(
    `insert into auth.users (id, aud, role, email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ($1, 'authenticated', 'authenticated', $2, now(), '{"provider":"email","providers":["email"]}', '{}', now(), now())`,
    [id, email],
  );
  const token = accessToken({ id, email });
  return { id, email, token, client: clientWithToken(token) };
}

function md5(bytes: Uint8Array | string) {
  return createHash("md5").update(bytes).digest("hex");
}

/** Version files of one object on disk (<storageDir>/<bucket>/<key>/~<version>). */
function versionFiles(bucket: string, key: string) {
  const dir = path.join(stack.storageDir, bucket, key);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((name) => name.startsWith("~"));
}

/** Content that would only be there if a file was read while another test file deletes it. */
function readIfPresent(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Staged uploads still holding `payload`. Other test files upload concurrently, so the staging
 * directory itself need not be empty; what must not survive is a staged copy of a refused upload.
 */
function leftoverUploadsOf(payload: string) {
  const dir = path.join(stack.storageDir, "~uploads");
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((name) => readIfPresent(path.join(dir, name))?.includes(payload));
}

function filesUnder(dir: string, skip: Set<string>): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (skip.has(full)) return [];
    if (entry.isDirectory()) return filesUnder(full, skip);
    return entry.isFile() ? [full] : [];
  });
}

async function objectRow(bucket: string, name: string) {
  const { rows } = await db.query("select * from storage.objects where bucket_id = $1 and name = $2", [bucket, name]);
  return rows[0];
}

/** A raw request, for what supabase-js cannot send (malformed JSON, unnormalised paths). */
function rawRequest(options: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer }) {
  const target = new URL(stack.supabaseUrl);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(
      { host: target.hostname, port: target.port, method: options.method, path: options.path, headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

function apiHeaders(token: string) {
  return { apikey: stack.anonKey, authorization: `Bearer ${token}` };
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  admin = createClient(stack.supabaseUrl, stack.serviceRoleKey, clientOptions);
  alice = await createUser("alice");
  bob = await createUser("bob");

  const bucketOptions: Array<[string, { public: boolean; fileSizeLimit?: number; allowedMimeTypes?: string[] }]> = [
    [buckets.files, { public: false }],
    [buckets.inbox, { public: false }],
    [buckets.public, { public: true }],
    [buckets.small, { public: false, fileSizeLimit: 1024, allowedMimeTypes: ["text/plain", "image/*"] }],
  ];
  for (const [id, options] of bucketOptions) {
    const { data, error } = await admin.storage.createBucket(id, options);
    expect(error).toBeNull();
    expect(data).toEqual({ name: id });
  }

  const ownFolder = `(storage.foldername(name))[1] = (select auth.uid()::text)`;
  await db.query(`
    create policy "Users read files in their own folder ${suffix}" on storage.objects
      for select to authenticated using (bucket_id = '${buckets.files}' and ${ownFolder});
    create policy "Users add files to their own folder ${suffix}" on storage.objects
      for insert to authenticated with check (bucket_id = '${buckets.files}' and ${ownFolder});
    create policy "Users replace files in their own folder ${suffix}" on storage.objects
      for update to authenticated
      using (bucket_id = '${buckets.files}' and ${ownFolder})
      with check (bucket_id = '${buckets.files}' and ${ownFolder});
    create policy "Users delete files in their own folder ${suffix}" on storage.objects
      for delete to authenticated using (bucket_id = '${buckets.files}' and ${ownFolder});
    create policy "Users drop files into their own inbox folder ${suffix}" on storage.objects
      for insert to authenticated with check (bucket_id = '${buckets.inbox}' and ${ownFolder});
    create policy "Users add files to the small bucket ${suffix}" on storage.objects
      for insert to authenticated with check (bucket_id = '${buckets.small}');
  `);
});

afterAll(async () => {
  await db?.end();
});

describe("buckets", () => {
  it("are created, listed, read and updated with the service role, in Storage's shapes", async () => {
    const { data: list, error: listError } = await admin.storage.listBuckets();
    expect(listError).toBeNull();
    const files = list?.find((bucket) => bucket.id === buckets.files);
    expect(files).toMatchObject({ id: buckets.files, name: buckets.files, public: false, type: "STANDARD", file_size_limit: null, allowed_mime_types: null });
    expect(Date.parse(files!.created_at)).not.toBeNaN();

    const { data: small, error: getError } = await admin.storage.getBucket(buckets.small);
    expect(getError).toBeNull();
    expect(small).toMatchObject({ id: buckets.small, public: false, file_size_limit: 1024, allowed_mime_types: ["text/plain", "image/*"] });

    const searched = await admin.storage.listBuckets({ search: `public-${suffix}` });
    expect(searched.data?.map((bucket) => bucket.id)).toEqual([buckets.public]);

    const duplicate = await admin.storage.createBucket(buckets.files);
    expect(duplicate.error).toMatchObject({ status: 400, statusCode: "409", message: "The resource already exists" });

    const updated = await admin.storage.updateBucket(buckets.inbox, { public: false, fileSizeLimit: "2MB" });
    expect(updated).toEqual({ data: { message: "Successfully updated" }, error: null });
    expect((await admin.storage.getBucket(buckets.inbox)).data?.file_size_limit).toBe(2_000_000);

    const missing = await admin.storage.getBucket(`missing-${suffix}`);
    expect(missing.error).toMatchObject({ status: 400, statusCode: "404", message: "Bucket not found" });

    for (const badName of ["..", "a/b", " padded", "ü"]) {
      const bad = await admin.storage.createBucket(badName);
      expect(bad.error, badName).toMatchObject({ status: 400, statusCode: "400", message: "Bucket name invalid" });
    }
  });

  it("are deleted only when empty", async () => {
    const id = `scratch-${suffix}`;
    expect((await admin.storage.createBucket(id)).error).toBeNull();
    expect((await admin.storage.from(id).upload("x.txt", "x")).error).toBeNull();
    const notEmpty = await admin.storage.deleteBucket(id);
    expect(notEmpty.error).toMatchObject({ statusCode: "409", message: "The bucket you tried to delete is not empty" });
    expect(await admin.storage.emptyBucket(id)).toMatchObject({ error: null });
    expect(await admin.storage.deleteBucket(id)).toEqual({ data: { message: "Successfully deleted" }, error: null });
    expect(fs.existsSync(path.join(stack.storageDir, id))).toBe(false);
  });

  it("are managed through row-level security on storage.buckets, as on Supabase", async () => {
    const created = await alice.client.storage.createBucket(`alice-${suffix}`);
    expect(created.error).toMatchObject({ status: 400, statusCode: "403", message: "new row violates row-level security policy" });

    const hidden = await alice.client.storage.getBucket(buckets.files);
    expect(hidden.error).toMatchObject({ statusCode: "404", message: "Bucket not found" });
    expect((await alice.client.storage.listBuckets()).data?.map((bucket) => bucket.id)).not.toContain(buckets.files);
    expect((await alice.client.storage.deleteBucket(buckets.files)).error).toMatchObject({ statusCode: "404" });
    expect((await admin.storage.getBucket(buckets.files)).error).toBeNull();

    // Emptying a bucket is service-role only in Storage, whatever the policies say.
    const emptied = await alice.client.storage.emptyBucket(buckets.files);
    expect(emptied.error).toMatchObject({ status: 403, statusCode: "403" });

    await db.query(
      `create policy "Signed-in users see the files bucket ${suffix}" on storage.buckets
         for select to authenticated using (id = '${buckets.files}')`,
    );
    const visible = await alice.client.storage.getBucket(buckets.files);
    expect(visible.error).toBeNull();
    expect(visible.data?.id).toBe(buckets.files);
  });
});

describe("objects", () => {
  const report = () => `${alice.id}/report.pdf`;
  const reportBytes = Buffer.from("%PDF-1.7 quarterly capability report");

  it("are uploaded and downloaded by their owner, with Storage's metadata and headers", async () => {
    const upload = await alice.client.storage.from(buckets.files).upload(report(), reportBytes, { contentType: "application/pdf" });
    expect(upload.error).toBeNull();
    expect(upload.data).toMatchObject({ path: report(), fullPath: `${buckets.files}/${report()}` });

    const row = await objectRow(buckets.files, report());
    expect(row).toMatchObject({ id: upload.data!.id, owner: alice.id, owner_id: alice.id });
    expect(row.metadata).toMatchObject({
      eTag: `"${md5(reportBytes)}"`,
      size: reportBytes.length,
      mimetype: "application/pdf",
      cacheControl: "max-age=3600",
      contentLength: reportBytes.length,
      httpStatusCode: 200,
    });
    expect(Date.parse(row.metadata.lastModified)).not.toBeNaN();
    expect(versionFiles(buckets.files, report())).toEqual([`~${row.version}`]);

    const download = await alice.client.storage.from(buckets.files).download(report());
    expect(download.error).toBeNull();
    expect(Buffer.from(await download.data!.arrayBuffer())).toEqual(reportBytes);

    const response = await fetch(
      `${stack.supabaseUrl}/storage/v1/object/authenticated/${buckets.files}/${report()}?download=${encodeURIComponent("보고서.pdf")}`,
      { headers: apiHeaders(alice.token) },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-length")).toBe(String(reportBytes.length));
    expect(response.headers.get("etag")).toBe(`"${md5(reportBytes)}"`);
    expect(response.headers.get("cache-control")).toBe("max-age=3600");
    expect(response.headers.get("last-modified")).toBe(new Date(row.metadata.lastModified).toUTCString());
    const encodedName = encodeURIComponent("보고서.pdf");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename=${encodedName}; filename*=UTF-8''${encodedName}`);
    await response.arrayBuffer();

    const partial = await fetch(`${stack.supabaseUrl}/storage/v1/object/authenticated/${buckets.files}/${report()}`, {
      headers: { ...apiHeaders(alice.token), range: "bytes=0-3" },
    });
    expect(partial.status).toBe(206);
    expect(partial.headers.get("content-range")).toBe(`bytes 0-3/${reportBytes.length}`);
    expect(await partial.text()).toBe("%PDF");
    const unsatisfiable = await fetch(`${stack.supabaseUrl}/storage/v1/object/authenticated/${buckets.files}/${report()}`, {
      headers: { ...apiHeaders(alice.token), range: `bytes=${reportBytes.length + 10}-` },
    });
    expect(unsatisfiable.status).toBe(416);
    expect(await unsatisfiable.json()).toMatchObject({ statusCode: "416", error: "invalid_range" });
    const cached = await fetch(`${stack.supabaseUrl}/storage/v1/object/authenticated/${buckets.files}/${report()}`, {
      headers: { ...apiHeaders(alice.token), "if-none-match": `"${md5(reportBytes)}"` },
    });
    expect(cached.status).toBe(304);

    const info = await alice.client.storage.from(buckets.files).info(report());
    expect(info.data).toMatchObject({ name: report(), size: reportBytes.length, contentType: "application/pdf" });
    expect(await alice.client.storage.from(buckets.files).exists(report())).toEqual({ data: true, error: null });
  });

  it("accept browser-style multipart uploads with a cache-control field and user metadata", async () => {
    const key = `${alice.id}/notes.txt`;
    const upload = await alice.client.storage
      .from(buckets.files)
      .upload(key, new Blob(["meeting notes"], { type: "text/plain" }), { cacheControl: "60", metadata: { topic: "offset" } });
    expect(upload.error).toBeNull();
    const row = await objectRow(buckets.files, key);
    expect(row.metadata).toMatchObject({ mimetype: "text/plain", cacheControl: "max-age=60", size: 13 });
    expect(row.user_metadata).toEqual({ topic: "offset" });
    const download = await alice.client.storage.from(buckets.files).download(key);
    expect(await download.data?.text()).toBe("meeting notes");
  });

  it("are refused to another user for download, overwrite, delete, move and signing", async () => {
    const files = () => bob.client.storage.from(buckets.files);
    const before = versionFiles(buckets.files, report());

    const download = await files().download(report());
    expect(download.error).toMatchObject({ status: 400, statusCode: "404", message: "Object not found" });

    const forged = `forged by bob ${suffix}`;
    const overwrite = await files().upload(report(), Buffer.from(forged), { contentType: "application/pdf" });
    expect(overwrite.error).toMatchObject({ status: 400, statusCode: "403", message: "new row violates row-level security policy" });
    const upsert = await files().upload(report(), Buffer.from(forged), { contentType: "application/pdf", upsert: true });
    expect(upsert.error).toMatchObject({ statusCode: "403" });
    const update = await files().update(report(), Buffer.from(forged), { contentType: "application/pdf" });
    expect(update.error).toMatchObject({ statusCode: "403" });

    const removed = await files().remove([report()]);
    expect(removed).toEqual({ data: [], error: null });
    const moved = await files().move(report(), `${bob.id}/stolen.pdf`);
    expect(moved.error).toMatchObject({ statusCode: "404", message: "Object not found" });
    const signed = await files().createSignedUrl(report(), 60);
    expect(signed.error).toMatchObject({ statusCode: "404" });
    expect((await files().list(alice.id)).data).toEqual([]);

    const anonymous = await clientWithToken(null).storage.from(buckets.files).download(report());
    expect(anonymous.error).toMatchObject({ statusCode: "404" });

    // Nothing changed: same row, same single version file, no half-written upload left behind.
    expect(versionFiles(buckets.files, report())).toEqual(before);
    expect(leftoverUploadsOf(forged)).toEqual([]);
    const download2 = await alice.client.storage.from(buckets.files).download(report());
    expect(Buffer.from(await download2.data!.arrayBuffer())).toEqual(reportBytes);
  });

  it("are replaced only with upsert, leaving one version on disk", async () => {
    const files = alice.client.storage.from(buckets.files);
    const again = await files.upload(report(), Buffer.from("second"), { contentType: "application/pdf" });
    expect(again.error).toMatchObject({ status: 400, statusCode: "409", message: "The resource already exists" });

    const original = await objectRow(buckets.files, report());
    const replaced = await files.upload(report(), Buffer.from("%PDF second edition"), { contentType: "application/pdf", upsert: true });
    expect(replaced.error).toBeNull();
    expect(replaced.data?.id).toBe(original.id);
    expect(await (await files.download(report())).data?.text()).toBe("%PDF second edition");
    const row = await objectRow(buckets.files, report());
    expect(row.version).not.toBe(original.version);
    expect(versionFiles(buckets.files, report())).toEqual([`~${row.version}`]);

    const updated = await files.update(report(), Buffer.from("%PDF third edition"), { contentType: "application/pdf" });
    expect(updated.error).toBeNull();
    expect(await (await files.download(report())).data?.text()).toBe("%PDF third edition");
    expect(versionFiles(buckets.files, report())).toHaveLength(1);
  });

  it("need INSERT, UPDATE and SELECT policies to upsert, as on Supabase", async () => {
    const inbox = alice.client.storage.from(buckets.inbox);
    expect((await inbox.upload(`${alice.id}/drop.txt`, "dropped")).error).toBeNull();
    const refusedPayload = `refused upsert ${suffix}`;
    const upsert = await inbox.upload(`${alice.id}/other.txt`, refusedPayload, { upsert: true });
    expect(upsert.error).toMatchObject({ statusCode: "403", message: "new row violates row-level security policy" });
    expect(await objectRow(buckets.inbox, `${alice.id}/other.txt`)).toBeUndefined();
    expect((await inbox.download(`${alice.id}/drop.txt`)).error).toMatchObject({ statusCode: "404" });
    expect(leftoverUploadsOf(refusedPayload)).toEqual([]);
  });

  it("keep exactly one version when upserts race", async () => {
    const key = `${alice.id}/race.txt`;
    const bodies = Array.from({ length: 6 }, (_, index) => `edition ${index}`);
    const results = await Promise.all(bodies.map((body) => alice.client.storage.from(buckets.files).upload(key, body, { upsert: true })));
    expect(results.map((result) => result.error)).toEqual(bodies.map(() => null));
    const row = await objectRow(buckets.files, key);
    expect(versionFiles(buckets.files, key)).toEqual([`~${row.version}`]);
    const text = await (await alice.client.storage.from(buckets.files).download(key)).data?.text();
    expect(bodies).toContain(text);
    expect(row.metadata.eTag).toBe(`"${md5(text!)}"`);
  });

  it("are listed one folder level at a time, in Supabase's entry shape", async () => {
    const files = alice.client.storage.from(buckets.files);
    for (const key of ["docs/b.txt", "docs/a.txt", "docs/sub/c.txt", "docs/B_upper.txt"]) {
      expect((await files.upload(`${alice.id}/${key}`, key)).error).toBeNull();
    }
    const { data, error } = await files.list(`${alice.id}/docs`);
    expect(error).toBeNull();
    expect(data?.map((entry) => entry.name)).toEqual(["a.txt", "b.txt", "B_upper.txt", "sub"]);
    const folder = data?.find((entry) => entry.name === "sub");
    expect(folder).toEqual({ name: "sub", id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null });
    const file = data?.find((entry) => entry.name === "a.txt");
    expect(file).toMatchObject({ id: expect.any(String), metadata: { size: 10, mimetype: "text/plain;charset=UTF-8" } });

    expect((await files.list(`${alice.id}/docs`, { search: "b" })).data?.map((entry) => entry.name)).toEqual(["b.txt", "B_upper.txt"]);
    expect((await files.list(`${alice.id}/docs`, { limit: 2, offset: 1 })).data?.map((entry) => entry.name)).toEqual(["b.txt", "B_upper.txt"]);
    expect((await files.list(`${alice.id}/docs`, { sortBy: { column: "name", order: "desc" } })).data?.map((entry) => entry.name)).toEqual([
      "sub",
      "B_upper.txt",
      "b.txt",
      "a.txt",
    ]);
    expect((await files.list(`${alice.id}/docs`, { sortBy: { column: "created_at", order: "asc" } })).data?.map((entry) => entry.name)).toEqual([
      "sub",
      "b.txt",
      "a.txt",
      "B_upper.txt",
    ]);
    expect((await files.list()).data).toEqual([
      { name: alice.id, id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null },
    ]);
  });

  it("are moved and copied within what the policies allow", async () => {
    const files = alice.client.storage.from(buckets.files);
    const source = `${alice.id}/docs/a.txt`;
    const sourceVersion = (await objectRow(buckets.files, source)).version;
    const moved = await files.move(source, `${alice.id}/archive/a.txt`);
    expect(moved).toEqual({ data: { message: "Successfully moved", Id: expect.any(String), Key: `${alice.id}/archive/a.txt` }, error: null });
    expect(await (await files.download(`${alice.id}/archive/a.txt`)).data?.text()).toBe("docs/a.txt");
    expect((await files.download(source)).error).toMatchObject({ statusCode: "404" });
    expect(versionFiles(buckets.files, source)).toEqual([]);
    expect(fs.existsSync(path.join(stack.storageDir, buckets.files, source))).toBe(false);
    expect((await objectRow(buckets.files, `${alice.id}/archive/a.txt`)).version).not.toBe(sourceVersion);

    const intoBob = await files.move(`${alice.id}/archive/a.txt`, `${bob.id}/a.txt`);
    expect(intoBob.error).toMatchObject({ statusCode: "403", message: "new row violates row-level security policy" });
    expect(await (await files.download(`${alice.id}/archive/a.txt`)).data?.text()).toBe("docs/a.txt");
    expect(versionFiles(buckets.files, `${bob.id}/a.txt`)).toEqual([]);

    const onto = await files.move(`${alice.id}/archive/a.txt`, `${alice.id}/docs/b.txt`);
    expect(onto.error).toMatchObject({ statusCode: "409" });

    const copied = await files.copy(`${alice.id}/archive/a.txt`, `${alice.id}/archive/a-copy.txt`);
    expect(copied).toEqual({ data: { path: `${buckets.files}/${alice.id}/archive/a-copy.txt` }, error: null });
    expect(await (await files.download(`${alice.id}/archive/a-copy.txt`)).data?.text()).toBe("docs/a.txt");
    expect((await objectRow(buckets.files, `${alice.id}/archive/a-copy.txt`)).owner).toBe(alice.id);
    const copyIntoBob = await files.copy(`${alice.id}/archive/a.txt`, `${bob.id}/a.txt`);
    expect(copyIntoBob.error).toMatchObject({ statusCode: "403" });
    expect(leftoverUploadsOf("docs/a.txt")).toEqual([]);
  });

  it("are removed from the database and the disk", async () => {
    const files = alice.client.storage.from(buckets.files);
    const keys = [`${alice.id}/archive/a.txt`, `${alice.id}/archive/a-copy.txt`, `${alice.id}/archive/never-existed.txt`];
    const { data, error } = await files.remove(keys);
    expect(error).toBeNull();
    expect(data?.map((object) => object.name).sort()).toEqual(keys.slice(0, 2).sort());
    expect(data?.[0]).toMatchObject({ bucket_id: buckets.files, owner: alice.id, metadata: { mimetype: "text/plain;charset=UTF-8" } });
    expect(fs.existsSync(path.join(stack.storageDir, buckets.files, alice.id, "archive"))).toBe(false);
    expect((await files.download(keys[0]!)).error).toMatchObject({ statusCode: "404" });

    // The single-object DELETE route: refused to another user, allowed to the owner.
    const notesUrl = `/storage/v1/object/${buckets.files}/${alice.id}/notes.txt`;
    const byBob = await rawRequest({ method: "DELETE", path: notesUrl, headers: apiHeaders(bob.token) });
    expect(JSON.parse(byBob.body)).toMatchObject({ statusCode: "403", message: "Access denied" });
    const byAlice = await rawRequest({ method: "DELETE", path: notesUrl, headers: apiHeaders(alice.token) });
    expect(JSON.parse(byAlice.body)).toEqual({ message: "Successfully deleted" });
    expect(versionFiles(buckets.files, `${alice.id}/notes.txt`)).toEqual([]);
    const again = await rawRequest({ method: "DELETE", path: notesUrl, headers: apiHeaders(alice.token) });
    expect(JSON.parse(again.body)).toMatchObject({ statusCode: "404", message: "Object not found" });
  });
});

describe("public and signed access", () => {
  it("serves public buckets without credentials and never serves a private bucket publicly", async () => {
    const key = "brochures/catalogue.txt";
    expect((await admin.storage.from(buckets.public).upload(key, "catalogue", { contentType: "text/plain" })).error).toBeNull();
    const { publicUrl } = admin.storage.from(buckets.public).getPublicUrl(key).data;
    const response = await fetch(publicUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("catalogue");
    expect((await fetch(publicUrl, { method: "HEAD" })).headers.get("content-length")).toBe("9");
    const anonymous = await clientWithToken(null).storage.from(buckets.public).download(key);
    expect(await anonymous.data?.text()).toBe("catalogue");

    const privateUrl = admin.storage.from(buckets.files).getPublicUrl(`${alice.id}/report.pdf`).data.publicUrl;
    const refused = await fetch(privateUrl);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ statusCode: "404", error: "Bucket not found", message: "Bucket not found" });
    const missing = await fetch(admin.storage.from(buckets.public).getPublicUrl("brochures/none.txt").data.publicUrl);
    expect(await missing.json()).toMatchObject({ statusCode: "404", error: "not_found", message: "Object not found" });
  });

  it("serves a signed URL until it expires, and only for the object it was signed for", async () => {
    const files = alice.client.storage.from(buckets.files);
    const key = `${alice.id}/report.pdf`;
    // Two seconds, not one: whole-second iat/exp would let a one-second token expire in flight.
    const { data, error } = await files.createSignedUrl(key, 2, { download: true });
    expect(error).toBeNull();
    const signedUrl = new URL(data!.signedUrl);
    expect(signedUrl.pathname).toBe(`/storage/v1/object/sign/${buckets.files}/${key}`);
    const token = signedUrl.searchParams.get("token")!;
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({ url: `${buckets.files}/${key}`, scope: "download" });
    expect(claims.exp - claims.iat).toBe(2);

    const fresh = await fetch(signedUrl);
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toBe("%PDF third edition");
    expect(fresh.headers.get("content-disposition")).toBe("attachment;");
    expect(Date.parse(fresh.headers.get("expires")!)).toBe(claims.exp * 1000);

    await new Promise((resolve) => setTimeout(resolve, 2200));
    const expired = await fetch(signedUrl);
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ statusCode: "400", error: "InvalidJWT", message: '"exp" claim timestamp check failed' });

    const lasting = await files.createSignedUrl(key, 600);
    const lastingUrl = new URL(lasting.data!.signedUrl);
    const lastingToken = lastingUrl.searchParams.get("token")!;
    const tampered = await fetch(`${lastingUrl.origin}${lastingUrl.pathname}?token=${lastingToken.slice(0, -3)}AAA`);
    expect(await tampered.json()).toMatchObject({ statusCode: "400", error: "InvalidJWT" });
    const otherPath = await fetch(`${lastingUrl.origin}/storage/v1/object/sign/${buckets.files}/${alice.id}/notes.txt?token=${lastingToken}`);
    expect(await otherPath.json()).toMatchObject({ statusCode: "400", error: "InvalidSignature" });
    const accessTokenAsSignature = await fetch(`${lastingUrl.origin}${lastingUrl.pathname}?token=${alice.token}`);
    expect(await accessTokenAsSignature.json()).toMatchObject({ statusCode: "400", error: "InvalidSignature" });

    const batch = await files.createSignedUrls([key, `${alice.id}/missing.pdf`], 60);
    expect(batch.data?.[0]).toMatchObject({ error: null, path: key, signedUrl: expect.stringContaining("token=") });
    expect(batch.data?.[1]).toMatchObject({ error: "Either the object does not exist or you do not have access to it", signedUrl: null });
    expect((await fetch(batch.data![0]!.signedUrl!)).status).toBe(200);
    const bobBatch = await bob.client.storage.from(buckets.files).createSignedUrls([key], 60);
    expect(bobBatch.data?.[0]).toMatchObject({ signedUrl: null });
  });
});

describe("signed uploads", () => {
  it("let anyone holding the token upload to that one path, as the user who signed it", async () => {
    const files = alice.client.storage.from(buckets.files);
    const key = `${alice.id}/signed-upload.txt`;
    const { data, error } = await files.createSignedUploadUrl(key);
    expect(error).toBeNull();
    expect(data).toMatchObject({ path: key, token: expect.any(String) });

    const anonymous = clientWithToken(null).storage.from(buckets.files);
    const uploaded = await anonymous.uploadToSignedUrl(key, data!.token, Buffer.from("via signed url"), { contentType: "text/plain" });
    expect(uploaded).toEqual({ data: { path: key, fullPath: `${buckets.files}/${key}` }, error: null });
    expect((await objectRow(buckets.files, key)).owner).toBe(alice.id);
    expect(await (await files.download(key)).data?.text()).toBe("via signed url");

    const again = await anonymous.uploadToSignedUrl(key, data!.token, Buffer.from("again"), { contentType: "text/plain" });
    expect(again.error).toMatchObject({ statusCode: "409" });
    const elsewhere = await anonymous.uploadToSignedUrl(`${alice.id}/elsewhere.txt`, data!.token, "x");
    expect(elsewhere.error).toMatchObject({ statusCode: "400", message: "Invalid signature" });
    const downloadToken = new URL((await files.createSignedUrl(key, 60)).data!.signedUrl).searchParams.get("token")!;
    const wrongScope = await anonymous.uploadToSignedUrl(key, downloadToken, "x", { upsert: true });
    expect(wrongScope.error).toMatchObject({ statusCode: "400", message: "Token is not scoped for upload" });

    const bobSigns = await bob.client.storage.from(buckets.files).createSignedUploadUrl(`${alice.id}/planted.txt`);
    expect(bobSigns.error).toMatchObject({ statusCode: "403", message: "new row violates row-level security policy" });
    expect(await objectRow(buckets.files, `${alice.id}/planted.txt`)).toBeUndefined();
  });
});

describe("safety", () => {
  it("refuses path traversal and writes nothing outside the storage directory", async () => {
    const marker = `escape-${randomUUID()}`;
    const content = `traversal payload ${marker}`;
    const files = alice.client.storage.from(buckets.files);
    const attempts = [
      `../${marker}`,
      `${alice.id}/../../${marker}`,
      `%2e%2e/${marker}`,
      `${alice.id}/..%2f..%2f${marker}`,
      `${alice.id}/%2e%2e%2f${marker}`,
      `${alice.id}/..\\..\\${marker}`,
      `${alice.id}/a%5c..%5c..%5c${marker}`,
      `${alice.id}/a%00/${marker}`,
    ];
    for (const key of attempts) {
      const result = await files.upload(key, content, { upsert: true });
      expect(result.error, key).not.toBeNull();
      expect([400, 404], key).toContain((result.error as { status?: number }).status);
    }
    const serviceAttempt = await admin.storage.from(buckets.files).upload(`../../${marker}`, content);
    expect(serviceAttempt.error).not.toBeNull();

    const token = alice.token;
    for (const rawPath of [
      `/storage/v1/object/${buckets.files}/${alice.id}/../../../${marker}`,
      `/storage/v1/object/${buckets.files}/${alice.id}/..%2F..%2F..%2F${marker}`,
      `/storage/v1/object/..%2F${marker}/x`,
    ]) {
      const response = await rawRequest({ method: "POST", path: rawPath, headers: { ...apiHeaders(token), "content-type": "text/plain" }, body: content });
      expect([400, 404], rawPath).toContain(response.status);
    }
    const moved = await files.move(`${alice.id}/notes.txt`, `${alice.id}/../../${marker}`);
    expect(moved.error).toMatchObject({ statusCode: "400", message: `Invalid key: ${alice.id}/../../${marker}` });
    const copied = await files.copy(`${alice.id}/notes.txt`, `../${marker}`);
    expect(copied.error).toMatchObject({ statusCode: "400" });
    const traversalBucket = await admin.storage.from("..").upload(marker, content);
    expect(traversalBucket.error).not.toBeNull();

    expect((await db.query("select name from storage.objects where name like $1", [`%${marker}%`])).rows).toEqual([]);
    for (const candidate of [path.resolve(stack.storageDir, "..", marker), path.resolve(stack.storageDir, "../..", marker)]) {
      expect(fs.existsSync(candidate), candidate).toBe(false);
    }
    const skip = new Set([path.join(stack.dataDir, "pg"), path.join(stack.dataDir, "logs")]);
    for (const file of filesUnder(stack.dataDir, skip)) {
      expect(readIfPresent(file)?.includes(marker) ?? false, file).toBe(false);
    }
  });

  it("enforces bucket and global size limits and allowed types with Storage's errors", async () => {
    const small = alice.client.storage.from(buckets.small);
    const filler = `oversized ${suffix} `;
    const tooBig = await small.upload("big.txt", Buffer.alloc(2048, filler), { contentType: "text/plain" });
    expect(tooBig.error).toMatchObject({ status: 400, statusCode: "413", message: "The object exceeded the maximum allowed size" });
    const tooBigForm = await small.upload("big-form.txt", new Blob([Buffer.alloc(2048, filler)], { type: "text/plain" }));
    expect(tooBigForm.error).toMatchObject({ statusCode: "413" });
    expect((await small.upload("fits.txt", Buffer.alloc(1024, "a"), { contentType: "text/plain" })).error).toBeNull();
    expect((await small.upload("photo.png", Buffer.from("png"), { contentType: "image/png" })).error).toBeNull();
    const wrongType = await small.upload("doc.pdf", Buffer.from("pdf"), { contentType: "application/pdf" });
    expect(wrongType.error).toMatchObject({ statusCode: "415", message: "mime type application/pdf is not supported" });

    const overGlobal = await admin.storage.from(buckets.files).upload("huge.bin", Buffer.alloc(50 * 1024 * 1024 + 1, filler), {
      contentType: "application/octet-stream",
    });
    expect(overGlobal.error).toMatchObject({ statusCode: "413" });
    const bucketOverGlobal = await admin.storage.createBucket(`huge-${suffix}`, { public: false, fileSizeLimit: "60MB" });
    expect(bucketOverGlobal.error).toMatchObject({ statusCode: "413" });

    expect(await objectRow(buckets.small, "big.txt")).toBeUndefined();
    expect(await objectRow(buckets.files, "huge.bin")).toBeUndefined();
    expect(leftoverUploadsOf(filler)).toEqual([]);
  });

  it("answers malformed requests in Storage's error shape, never with a 500", async () => {
    const headers = { ...apiHeaders(alice.token), "content-type": "application/json" };
    const badJson = await rawRequest({ method: "POST", path: `/storage/v1/object/list/${buckets.files}`, headers, body: "{not json" });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body)).toMatchObject({ statusCode: "400", error: expect.any(String), message: expect.any(String) });

    const noPrefix = await rawRequest({ method: "POST", path: `/storage/v1/object/list/${buckets.files}`, headers, body: "{}" });
    expect(JSON.parse(noPrefix.body)).toMatchObject({ statusCode: "400", message: "body must have required property 'prefix'" });

    const badExpiry = await alice.client.storage.from(buckets.files).createSignedUrl(`${alice.id}/report.pdf`, 0);
    expect(badExpiry.error).toMatchObject({ statusCode: "400", message: "body/expiresIn must be >= 1" });

    const unknown = await rawRequest({ method: "PATCH", path: "/storage/v1/object/whatever", headers });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ statusCode: "404", message: "Route PATCH:/storage/v1/object/whatever not found" });

    const badEscape = await rawRequest({ method: "GET", path: `/storage/v1/object/${buckets.files}/%E0%A4%A`, headers });
    expect(badEscape.status).toBe(400);
  });

  it("refuses a token signed with the wrong secret", async () => {
    const forged = accessToken({ id: alice.id, email: alice.email }, "not-the-project-secret-but-long-enough-to-sign");
    const client = clientWithToken(forged);
    const upload = await client.storage.from(buckets.files).upload(`${alice.id}/forged.txt`, "forged");
    expect(upload.error).toMatchObject({ status: 400, statusCode: "403", message: "signature verification failed" });
    const list = await client.storage.listBuckets();
    expect(list.error).toMatchObject({ statusCode: "403" });
    const download = await client.storage.from(buckets.files).download(`${alice.id}/report.pdf`);
    expect(download.error).toMatchObject({ statusCode: "404", message: "Bucket not found" });
    expect(await objectRow(buckets.files, `${alice.id}/forged.txt`)).toBeUndefined();
  });
});
