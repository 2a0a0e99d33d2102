// Mantine styles of the components only this section uses, beside the app's list in theme/mantine-styles.ts
// (which the base styles come from, imported first by main.tsx). Move them there when another page uses them.
import '@mantine/core/styles/Badge.css';
import '@mantine/core/styles/Checkbox.css';
import '@mantine/core/styles/Combobox.css';
import '@mantine/core/styles/SimpleGrid.css';
