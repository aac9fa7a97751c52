import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ApiClient } from './client';

const ApiContext = createContext<ApiClient | null>(null);

/** Makes the API client available to every page; tests pass a client over a fake service here. */
export const ApiProvider = ({ client, children }: { client: ApiClient; children: ReactNode }) => (
  <ApiContext.Provider value={client}>{children}</ApiContext.Provider>
);

export const useApi = (): ApiClient => {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi must be used inside ApiProvider');
  return client;
};

export interface ApiData<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again (after a change, or from a "Try again" button). */
  reload: () => void;
}

/**
 * Loads `load(api)` when the component mounts and whenever `deps` change. An answer that arrives after a
 * newer request started is dropped, so a slow response never overwrites a newer one.
 */
export const useApiData = <T,>(
  load: (api: ApiClient) => Promise<T>,
  deps: readonly unknown[],
): ApiData<T> => {
  const api = useApi();
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const ticket = ++latest.current;
    setState((s) => ({ data: s.data, error: undefined, loading: true }));
    loadRef.current(api).then(
      (data) => {
        if (ticket === latest.current) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (ticket === latest.current) setState({ data: undefined, error, loading: false });
      },
    );
    // `deps` are the caller's: the load function itself changes on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, generation, ...deps]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
};
