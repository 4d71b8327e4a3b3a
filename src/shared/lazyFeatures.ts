// Features whose bodies load on first use. Activation registers each feature's commands (and its
// panel serializer or file system provider) with VS Code; the first use requires the feature's own
// bundle (scripts/build.mjs, LAZY), whose body defines the handlers. The extension's shared objects
// (AwsContext, the catalog, Ui, the output channel) are made once in extension.ts and handed to the
// body as arguments, so every feature works on the instances the tree shows. Pure: extension.ts
// gives it VS Code's registerCommand.

export interface Disposable {
  dispose(): void;
}

// Command arguments are whatever VS Code or a caller passes; each handler checks its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandHandler = (...args: any[]) => unknown;

/** How a feature's body defines the commands its registrar declared (and only those). */
export interface FeatureCommands<Id extends string> {
  register(id: Id, handler: CommandHandler): Disposable;
}

export class LazyFeatures {
  private readonly loadedNames: string[] = [];
  private readonly loaders = new Map<string, () => unknown>();

  constructor(
    private readonly registerCommand: (id: string, handler: CommandHandler) => Disposable,
    private readonly subscriptions: Disposable[],
  ) {}

  /**
   * Registers `commands` with VS Code now; the first of them to run (or the returned function)
   * calls `load` once, which requires the body and lets it define every declared command.
   */
  define<Id extends string, T>(name: string, commands: readonly Id[], load: (commands: FeatureCommands<Id>) => T): () => T {
    const handlers = new Map<string, CommandHandler>();
    let body: { value: T } | undefined;
    const get = (): T => {
      if (body) return body.value;
      const value = load({
        register: (id, handler) => {
          if (!commands.includes(id)) throw new Error(`The ${name} feature defines ${id}, which its registrar does not declare.`);
          handlers.set(id, handler);
          return { dispose: () => handlers.delete(id) };
        },
      });
      const missing = commands.filter((id) => !handlers.has(id));
      if (missing.length) throw new Error(`The ${name} feature declares ${missing.join(', ')} but its body does not define them.`);
      body = { value };
      this.loadedNames.push(name);
      return value;
    };
    for (const id of commands) {
      this.subscriptions.push(
        this.registerCommand(id, (...args: unknown[]) => {
          get();
          return handlers.get(id)?.(...args);
        }),
      );
    }
    this.loaders.set(name, get);
    return get;
  }

  /** The features whose bodies are loaded, in the order they loaded. */
  loaded(): string[] {
    return [...this.loadedNames];
  }

  /** Every feature defined, by name. */
  names(): string[] {
    return [...this.loaders.keys()];
  }

  /** Loads a feature's body now, as its first use would. */
  load(name: string): void {
    const get = this.loaders.get(name);
    if (!get) throw new Error(`No feature is called ${name}.`);
    get();
  }
}
