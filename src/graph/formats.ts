export const GRAPH_FORMATS = ['mermaid', 'dot', 'json', 'text'] as const;
