/**
 * Demo users the local seed creates (one per role, plus a second cluster authority so two clusters
 * can answer the same hosting inquiry). Listed on the sign-in page only when DEV_TOOLS is on;
 * the seed script creates exactly these, so keep the two in step.
 */
export type SeedUser = {
  email: string;
  password: string;
  role: { en: string; ko: string };
};

export const SEED_USER_PASSWORD = "ClusterMatch!2026";

export const seedUsers: readonly SeedUser[] = [
  {
    email: "platform@clustermatch.test",
    password: SEED_USER_PASSWORD,
    role: { en: "Platform operator", ko: "플랫폼 운영자" },
  },
  {
    email: "contractor@clustermatch.test",
    password: SEED_USER_PASSWORD,
    role: { en: "Foreign defense contractor", ko: "해외 방산업체" },
  },
  {
    email: "sme@clustermatch.test",
    password: SEED_USER_PASSWORD,
    role: { en: "Korean SME", ko: "국내 중소기업" },
  },
  {
    email: "cluster@clustermatch.test",
    password: SEED_USER_PASSWORD,
    role: { en: "Cluster authority", ko: "클러스터 관리기관" },
  },
  {
    email: "reviewer@clustermatch.test",
    password: SEED_USER_PASSWORD,
    role: { en: "Government offset reviewer", ko: "정부 절충교역 심사관" },
  },
  {
    email: "cluster-daejeon@clustermatch.test",
    password: SEED_USER_PASSWORD,
    role: { en: "Cluster authority (Daejeon)", ko: "클러스터 관리기관 (대전)" },
  },
];
