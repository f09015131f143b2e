import { Link } from "@remix-run/react";
import { useT } from "~/i18n/react";

/** Page links around the current page; each is a real link to a shareable URL. */
export function Pagination({ page, totalPages, hrefFor }: { page: number; totalPages: number; hrefFor: (page: number) => string }) {
  const t = useT();
  if (totalPages <= 1) return null;
  const pages = new Set<number>([1, totalPages]);
  for (let candidate = page - 2; candidate <= page + 2; candidate++) if (candidate >= 1 && candidate <= totalPages) pages.add(candidate);
  const sorted = [...pages].sort((a, b) => a - b);
  const items: Array<number | "gap"> = [];
  sorted.forEach((value, index) => {
    if (index > 0 && value - sorted[index - 1]! > 1) items.push("gap");
    items.push(value);
  });
  return (
    <nav className="search-pagination" aria-label={t("search.pagination.label")}>
      <p className="visually-hidden">{t("search.pagination.status", { page, pages: totalPages })}</p>
      <ul>
        <li>
          {page > 1 ? (
            <Link to={hrefFor(page - 1)} rel="prev" preventScrollReset={false}>
              ← {t("search.pagination.previous")}
            </Link>
          ) : (
            <span aria-disabled="true" className="search-pagination__disabled">
              ← {t("search.pagination.previous")}
            </span>
          )}
        </li>
        {items.map((item, index) =>
          item === "gap" ? (
            <li key={`gap-${index}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={item}>
              {item === page ? (
                <span aria-current="page" className="search-pagination__current" aria-label={t("search.pagination.current", { page: item })}>
                  {item}
                </span>
              ) : (
                <Link to={hrefFor(item)} aria-label={t("search.pagination.page", { page: item })}>
                  {item}
                </Link>
              )}
            </li>
          )
        )}
        <li>
          {page < totalPages ? (
            <Link to={hrefFor(page + 1)} rel="next">
              {t("search.pagination.next")} →
            </Link>
          ) : (
            <span aria-disabled="true" className="search-pagination__disabled">
              {t("search.pagination.next")} →
            </span>
          )}
        </li>
      </ul>
    </nav>
  );
}
