// A record shown on its own screen with its history: both read together, again after a
// decision or a conflict (reload), and the record replaced at once by a transition's answer.
import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../api/client';

type History = Schemas['HistoryEntry'][];

export function useRecord<T>(id: string, load: () => Promise<[T, { items: History }]>) {
  const [record, setRecord] = useState<T | null>(null);
  const [history, setHistory] = useState<History>([]);
  const [error, setError] = useState<unknown>(null);
  const reload = async () => {
    try {
      const [rec, hist] = await load();
      setRecord(rec);
      setHistory(hist.items);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    void reload();
  }, [id]);
  return { record, setRecord, history, error, reload };
}
