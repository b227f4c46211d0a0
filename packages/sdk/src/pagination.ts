/**
 * A page request that is both a Promise of the first page and an async iterable over every item of
 * every page (openai-node's PagePromise pattern). Nothing is fetched until it is awaited or iterated.
 *
 * @example
 * const first = await client.searchExperiments({ max_results: 10 });
 * for await (const experiment of client.searchExperiments({ filter_string: "name LIKE 'iris%'" })) {
 *   console.log(experiment.experiment_name);
 * }
 */
export class PagePromise<Page, Item> implements PromiseLike<Page>, AsyncIterable<Item> {
  readonly #fetchPage: (pageToken: string | undefined) => Promise<Page>;
  readonly #itemsOf: (page: Page) => readonly Item[];
  readonly #nextTokenOf: (page: Page) => string | null | undefined;
  readonly #firstToken: string | undefined;
  #first: Promise<Page> | undefined;

  constructor(
    fetchPage: (pageToken: string | undefined) => Promise<Page>,
    itemsOf: (page: Page) => readonly Item[],
    nextTokenOf: (page: Page) => string | null | undefined,
    firstToken?: string,
  ) {
    this.#fetchPage = fetchPage;
    this.#itemsOf = itemsOf;
    this.#nextTokenOf = nextTokenOf;
    this.#firstToken = firstToken;
  }

  #firstPage(): Promise<Page> {
    this.#first ??= this.#fetchPage(this.#firstToken);
    return this.#first;
  }

  // biome-ignore lint/suspicious/noThenProperty: a PagePromise is awaitable by design.
  then<A = Page, B = never>(
    onfulfilled?: ((value: Page) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  /** Same as `Promise.prototype.catch` on the first page. */
  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<Page | B> {
    return this.#firstPage().catch(onrejected);
  }

  /** Same as `Promise.prototype.finally` on the first page. */
  finally(onfinally?: (() => void) | null): Promise<Page> {
    return this.#firstPage().finally(onfinally);
  }

  /** Every page, following `next_page_token` until the service gives none. */
  async *pages(): AsyncGenerator<Page, void, undefined> {
    let page = await this.#firstPage();
    const seen = new Set<string>();
    for (;;) {
      yield page;
      const token = this.#nextTokenOf(page);
      // A token seen before would loop forever: stop instead.
      if (token === null || token === undefined || token === '' || seen.has(token)) return;
      seen.add(token);
      page = await this.#fetchPage(token);
    }
  }

  /** Every item of every page. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.pages()) yield* this.#itemsOf(page);
  }

  /** Collects every item of every page into an array (mind the size). */
  async toArray(): Promise<Item[]> {
    const out: Item[] = [];
    for await (const item of this) out.push(item);
    return out;
  }
}
