export const GRAPH_FORMATS = ['mermaid', 'dot', 'json', 'text', 'svg'] as const;
