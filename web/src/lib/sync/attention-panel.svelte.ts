/** Whether the needs-attention dialog is open; any page can open it (for example a sync badge). */
export const attentionPanel = $state({ open: false });
