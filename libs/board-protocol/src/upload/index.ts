export { decodeUpload } from './decode-upload';
export { encodeUpload, formValue, FORM_CONTENT_TYPE, JSON_CONTENT_TYPE } from './encode-upload';
export { parseContentType } from './content-type';
export type { ContentType } from './content-type';
export { parseMultipartFields } from './multipart';
export { encodeUrlEncoded, parseUrlEncoded } from './url-encoded';
export type {
  BoardUploadEncoding, DecodedUpload, UploadCodecOptions, UploadEncoding, UploadRequest,
} from './upload-types';
