/** The panel of a section that is not built yet. */
export function ComingSoon({ title, text }: { title: string; text: string }) {
  return (
    <section className="coming-soon" data-testid="coming-soon" aria-labelledby="coming-soon-title">
      <span className="soon-tag">Coming soon</span>
      <h2 id="coming-soon-title">{title}</h2>
      <p>{text}</p>
    </section>
  );
}
